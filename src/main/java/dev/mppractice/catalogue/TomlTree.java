package dev.mppractice.catalogue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlFactory;
import java.io.IOException;

/**
 * Parses TOML with Jackson's TOML parser into a tree, through the streaming API rather than an
 * {@code ObjectMapper}: building a mapper costs about 250 ms of a cold JVM here, and every command
 * of the tool loads the catalogue (measured: 300-400 ms with a mapper, 70-80 ms without).
 */
final class TomlTree {
    private static final TomlFactory FACTORY = new TomlFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private TomlTree() {
    }

    /** The document as a tree; throws Jackson's exception (with its location) when it is not valid TOML. */
    static JsonNode parse(String toml) throws IOException {
        try (JsonParser p = FACTORY.createParser(toml)) {
            JsonToken t = p.nextToken();
            return t == null ? null : read(p, t);
        }
    }

    private static JsonNode read(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT: {
                ObjectNode o = NODES.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    o.set(key, read(p, p.nextToken()));
                }
                return o;
            }
            case START_ARRAY: {
                ArrayNode a = NODES.arrayNode();
                JsonToken item;
                while ((item = p.nextToken()) != JsonToken.END_ARRAY) a.add(read(p, item));
                return a;
            }
            case VALUE_STRING:
                return NODES.textNode(p.getText());
            case VALUE_NUMBER_INT:
                switch (p.getNumberType()) {
                    case INT:
                        return NODES.numberNode(p.getIntValue());
                    case LONG:
                        return NODES.numberNode(p.getLongValue());
                    default:
                        return NODES.numberNode(p.getBigIntegerValue());
                }
            case VALUE_NUMBER_FLOAT:
                return NODES.numberNode(p.getDecimalValue());
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_EMBEDDED_OBJECT:
                return NODES.textNode(String.valueOf(p.getEmbeddedObject())); // dates and times
            default:
                return NODES.nullNode();
        }
    }
}
