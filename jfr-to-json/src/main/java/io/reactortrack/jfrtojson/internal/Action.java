package io.reactortrack.jfrtojson.internal;

/** The actions of mon.out, in the order the contract lists them. */
public enum Action {
    TRACKED("tracked"),
    ATTACHED("attached"),
    CHAINED("chained"),
    EXECUTED("executed"),
    FIRED("fired"),
    UNHANDLED("unhandled"),
    PENDING("pending");

    private final String jsonName;

    Action(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The value of the {@code action} key. */
    public String jsonName() {
        return jsonName;
    }

    static final Action[] VALUES = values();
}
