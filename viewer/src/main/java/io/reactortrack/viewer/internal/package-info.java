/**
 * How the viewer and the Chrome trace are made: the page template, the escaping that keeps the
 * embedded recording inside its element, and the matching of callbacks to their runs. Not an API.
 */
package io.reactortrack.viewer.internal;
