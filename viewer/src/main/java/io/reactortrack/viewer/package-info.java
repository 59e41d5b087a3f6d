/**
 * Pictures of a {@code mon.out}: {@link io.reactortrack.viewer.HtmlViewer}, a self-contained HTML
 * page that steps through the run, and {@link io.reactortrack.viewer.ChromeTrace}, the same run in
 * the Chrome Trace Event Format for Perfetto UI and {@code chrome://tracing}.
 */
package io.reactortrack.viewer;
