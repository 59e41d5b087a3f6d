package io.reactortrack.events;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.MetadataDefinition;
import jdk.jfr.Relational;

/**
 * Marks a field that holds the id of a tracked future. Ids are a counter per
 * JVM run, start at 1, and 0 means "no future".
 */
@MetadataDefinition
@Relational
@Label("Future Id")
@Description("Id of a tracked future, unique within one JVM run; 0 means none")
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
public @interface FutureId {
}
