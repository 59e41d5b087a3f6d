package io.reactortrack.monout;

/** The actions of {@code mon.out}, in the order the contract lists them. */
public enum Action {
    TRACKED("tracked"),
    ATTACHED("attached"),
    CHAINED("chained"),
    EXECUTED("executed"),
    FIRED("fired"),
    UNHANDLED("unhandled"),
    PENDING("pending");

    private static final Action[] VALUES = values();

    private final String jsonName;

    Action(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The value of the {@code action} key. */
    public String jsonName() {
        return jsonName;
    }

    /** The action named {@code jsonName}, or null when there is none of that name. */
    public static Action of(String jsonName) {
        for (Action a : VALUES) {
            if (a.jsonName.equals(jsonName)) {
                return a;
            }
        }
        return null;
    }
}
