package dev.storerelay.adapter.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.UncheckedIOException;
import java.lang.reflect.Type;

/**
 * Javalin's JSON port backed by Jackson 2 explicitly. Javalin 7 can pick Jackson 2 or 3 from the class path; naming
 * the mapper keeps the choice (and ISO-8601 instants) independent of what else happens to be there.
 */
final class JacksonJsonMapper implements io.javalin.json.JsonMapper {
    private final ObjectMapper mapper;

    JacksonJsonMapper(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    static ObjectMapper newObjectMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)     // {"password":"a","password":"b"} is ambiguous
                .build();
    }

    @Override
    public String toJsonString(Object obj, Type type) {
        try {
            return mapper.writeValueAsString(obj);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public <T> T fromJsonString(String json, Type targetType) {
        try {
            return mapper.readValue(json, mapper.constructType(targetType));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
