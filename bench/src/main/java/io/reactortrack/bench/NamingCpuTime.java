package io.reactortrack.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * {@link NamingBench#firstCall} in CPU time of the naming thread, which does
 * not count time spent descheduled on a loaded machine: the first
 * {@code nameOf} of a lambda of each of {@code calls} fresh copies of
 * {@link NamingHost}, the three callbacks taking turns, after as many
 * unmeasured rounds to warm the JIT.
 *
 * <p>Usage: {@code NamingCpuTime WARMUP CALLS}; prints one CSV line per
 * callback: {@code callback,calls,median_us,p10_us,p90_us}.
 */
public final class NamingCpuTime {

    private NamingCpuTime() {
    }

    public static void main(String[] args) throws Exception {
        int warmup = Integer.parseInt(args[0]);
        int calls = Integer.parseInt(args[1]);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        String[] callbacks = {"methodRef", "lambda", "sameShape"};
        long[][] nanos = new long[callbacks.length][calls];
        for (int round = -warmup; round < calls; round++) {
            for (int which = 0; which < callbacks.length; which++) {
                NamingBench.Fresh fresh = new NamingBench.Fresh();
                fresh.callback = callbacks[which];
                fresh.readHost();
                fresh.freshHost();
                long start = threads.getCurrentThreadCpuTime();
                fresh.name = fresh.host.apply(fresh.which);
                long spent = threads.getCurrentThreadCpuTime() - start;
                fresh.check();
                if (round >= 0) {
                    nanos[which][round] = spent;
                }
            }
        }
        System.out.println("callback,calls,median_us,p10_us,p90_us");
        for (int which = 0; which < callbacks.length; which++) {
            long[] n = nanos[which];
            Arrays.sort(n);
            System.out.printf("%s,%d,%.1f,%.1f,%.1f%n", callbacks[which], calls,
                    n[calls / 2] / 1e3, n[calls / 10] / 1e3, n[calls * 9 / 10] / 1e3);
        }
    }
}
