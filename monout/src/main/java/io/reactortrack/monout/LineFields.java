package io.reactortrack.monout;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * The keys of one line as they are read, before the action is known. A
 * value of the wrong type is remembered as a problem of its key, which
 * counts only when the line's action has that key.
 */
final class LineFields {
    // Keys by bit, in the order of the contract's tables.
    static final int ACTION = 1, DEFERRED = 1 << 1, TS = 1 << 2, NAME = 1 << 3, PARENT = 1 << 4,
            VIA = 1 << 5, CALLBACK = 1 << 6, ERRBACK = 1 << 7, METHOD = 1 << 8, RESULT = 1 << 9,
            TARGET = 1 << 10, CALLBACK_PATH = 1 << 11, TIME = 1 << 12, THREAD = 1 << 13, FAILED = 1 << 14,
            ERROR = 1 << 15, SUCCESS = 1 << 16, CANCELLED = 1 << 17, LIFETIME = 1 << 18, REVISED = 1 << 19,
            ORIGIN = 1 << 20, AGE = 1 << 21, DEPENDENTS = 1 << 22, JVM = 1 << 23;
    static final String[] KEY_NAMES = {"action", "deferred", "ts", "name", "parent", "via", "callback",
        "errback", "method", "result", "target", "callback?", "time", "thread", "failed", "error", "success",
        "cancelled", "lifetime", "revised", "origin", "age", "dependents", "jvm"};

    /** Keys each action must have, and keys it may have (null when missing). */
    static final int[] REQUIRED = new int[Action.values().length];
    static final int[] OPTIONAL = new int[Action.values().length];

    static {
        req(Action.TRACKED, VIA, NAME | PARENT);
        req(Action.ATTACHED, METHOD, CALLBACK | ERRBACK | RESULT);
        req(Action.CHAINED, 0, TARGET);
        req(Action.EXECUTED, CALLBACK_PATH | TIME | FAILED, CALLBACK | THREAD | ERROR);
        req(Action.FIRED, SUCCESS | CANCELLED, ERROR | NAME | CALLBACK | LIFETIME | REVISED);
        req(Action.UNHANDLED, 0, NAME | ERROR | ORIGIN);
        req(Action.PENDING, AGE | DEPENDENTS, NAME | ORIGIN);
    }

    private static void req(Action a, int required, int optional) {
        REQUIRED[a.ordinal()] = required | ACTION | DEFERRED | TS;
        OPTIONAL[a.ordinal()] = optional | JVM;
    }

    int seen;
    int wrong;
    final String[] wrongWhy = new String[KEY_NAMES.length];
    String actionName;
    long deferred;
    long ts;
    String name;
    long parent;
    String via;
    String callback;
    String errback;
    String method;
    long result;
    long target;
    boolean callbackPath;
    long timeNanos;
    String thread;
    boolean failed;
    String error;
    boolean success;
    boolean cancelled;
    long lifetimeNanos;
    boolean revised;
    String origin;
    long ageNanos;
    long dependents;
    long jvm;

    void clear() {
        seen = 0;
        wrong = 0;
        actionName = null;
        name = null;
        via = null;
        callback = null;
        errback = null;
        method = null;
        thread = null;
        error = null;
        origin = null;
        deferred = ts = parent = result = target = timeNanos = ageNanos = dependents = jvm = 0;
        lifetimeNanos = MonOutLine.UNKNOWN;
        callbackPath = failed = success = cancelled = revised = false;
    }

    /** Reads the value of a known key; false for a key this reader does not know. */
    boolean read(String key, JsonParser p) throws IOException {
        switch (key) {
            case "action":
                actionName = string(ACTION, p);
                if (actionName == null && (wrong & ACTION) == 0) {
                    wrong(ACTION, "must be a string");
                }
                return true;
            case "deferred":
                deferred = integer(DEFERRED, p, false, 0);
                return true;
            case "ts":
                ts = integer(TS, p, false, Long.MIN_VALUE);
                return true;
            case "name":
                name = string(NAME, p);
                return true;
            case "parent":
                parent = integer(PARENT, p, true, 0);
                return true;
            case "via":
                via = string(VIA, p);
                return true;
            case "callback":
                callback = string(CALLBACK, p);
                return true;
            case "errback":
                errback = string(ERRBACK, p);
                return true;
            case "method":
                method = string(METHOD, p);
                return true;
            case "result":
                result = integer(RESULT, p, true, 0);
                return true;
            case "target":
                target = integer(TARGET, p, true, 0);
                return true;
            case "callback?":
                callbackPath = bool(CALLBACK_PATH, p);
                return true;
            case "time":
                timeNanos = seconds(TIME, p);
                return true;
            case "thread":
                thread = string(THREAD, p);
                return true;
            case "failed":
                failed = bool(FAILED, p);
                return true;
            case "error":
                error = string(ERROR, p);
                return true;
            case "success":
                success = bool(SUCCESS, p);
                return true;
            case "cancelled":
                cancelled = bool(CANCELLED, p);
                return true;
            case "lifetime":
                lifetimeNanos = seconds(LIFETIME, p);
                return true;
            case "revised":
                revised = bool(REVISED, p);
                return true;
            case "origin":
                origin = string(ORIGIN, p);
                return true;
            case "age":
                ageNanos = seconds(AGE, p);
                return true;
            case "dependents":
                dependents = integer(DEPENDENTS, p, false, 0);
                return true;
            case "jvm":
                jvm = integer(JVM, p, false, 1);
                return true;
            default:
                return false;
        }
    }

    /** What is wrong with the line now that all its keys are read, or null. */
    String check() {
        if ((seen & ACTION) == 0) {
            return "no \"action\" key";
        }
        if ((wrong & ACTION) != 0) {
            return "\"action\" " + wrongWhy[0];
        }
        Action a = Action.of(actionName);
        int required = a == null ? ACTION | DEFERRED | TS : REQUIRED[a.ordinal()];
        int allowed = a == null ? required : required | OPTIONAL[a.ordinal()];
        int missing = required & ~seen;
        if (missing != 0) {
            return "no \"" + KEY_NAMES[Integer.numberOfTrailingZeros(missing)] + "\" key"
                    + (a == null || (missing & (ACTION | DEFERRED | TS)) != 0 ? "" : " (" + actionName + " lines have one)");
        }
        int bad = wrong & allowed;
        if (bad != 0) {
            int k = Integer.numberOfTrailingZeros(bad);
            return "\"" + KEY_NAMES[k] + "\" " + wrongWhy[k];
        }
        if (dependents > Integer.MAX_VALUE) {
            return "\"dependents\" is too big";
        }
        if (jvm > Integer.MAX_VALUE) {
            return "\"jvm\" is too big";
        }
        return null;
    }

    MonOutLine line() {
        Action a = Action.of(actionName);
        return new MonOutLine(a, deferred, ts, name, parent, via, callback, errback, method, result, target,
                callbackPath, timeNanos, thread, failed, error, success, cancelled, lifetimeNanos, revised,
                origin, ageNanos, (int) dependents, (int) jvm);
    }

    private void wrong(int key, String why) {
        wrong |= key;
        wrongWhy[Integer.numberOfTrailingZeros(key)] = why;
    }

    private String string(int key, JsonParser p) throws IOException {
        seen |= key;
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (t != JsonToken.VALUE_NULL) {
            wrong(key, "must be a string or null");
            p.skipChildren();
        }
        return null;
    }

    private boolean bool(int key, JsonParser p) throws IOException {
        seen |= key;
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
            return t == JsonToken.VALUE_TRUE;
        }
        wrong(key, "must be true or false");
        p.skipChildren();
        return false;
    }

    /** An integer of at least {@code min}, or null when {@code nullable} (read as 0). */
    private long integer(int key, JsonParser p, boolean nullable, long min) throws IOException {
        seen |= key;
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL && nullable) {
            return 0;
        }
        if (t == JsonToken.VALUE_NUMBER_INT) {
            if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                wrong(key, "is out of range");
                return 0;
            }
            long v = p.getLongValue();
            if (v >= min) {
                return v;
            }
        }
        String what = min == Long.MIN_VALUE ? "an integer" : min == 0 ? "an integer of at least 0"
                : "an integer of at least " + min;
        wrong(key, "must be " + what + (nullable ? " or null" : ""));
        p.skipChildren();
        return 0;
    }

    /** A number of seconds, at least 0, as nanoseconds. */
    private long seconds(int key, JsonParser p) throws IOException {
        seen |= key;
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            double s = p.getDoubleValue();
            if (s >= 0 && !Double.isInfinite(s)) {
                double nanos = s * 1e9;
                return nanos >= Long.MAX_VALUE ? Long.MAX_VALUE : Math.round(nanos);
            }
        }
        wrong(key, "must be a number of seconds, at least 0");
        p.skipChildren();
        return 0;
    }
}
