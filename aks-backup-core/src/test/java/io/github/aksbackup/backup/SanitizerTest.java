package io.github.aksbackup.backup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.aksbackup.repository.CanonicalJson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SanitizerTest {

    @Test
    void canonicalBytesAreThoseOfTheSanitizedCopy() {
        Map<String, Object> listed = CanonicalJson.parse(("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\","
                + "\"namespace\":\"n\",\"resourceVersion\":\"12\",\"selfLink\":\"/api/v1/x\",\"uid\":\"u-1\","
                + "\"managedFields\":[{\"manager\":\"kubectl\"}],\"labels\":{\"resourceVersion\":\"stays\"}},"
                + "\"data\":{\"k\":\"v\",\"selfLink\":\"stays\"}}").getBytes());

        byte[] canonical = Sanitizer.canonical(listed);

        assertArrayEquals(CanonicalJson.write(Sanitizer.sanitize(listed)), canonical);
        assertEquals("{\"apiVersion\":\"v1\",\"data\":{\"k\":\"v\",\"selfLink\":\"stays\"},\"kind\":\"ConfigMap\",\"metadata\":"
                + "{\"labels\":{\"resourceVersion\":\"stays\"},\"name\":\"a\",\"namespace\":\"n\",\"uid\":\"u-1\"}}", new String(canonical));
        assertEquals(List.of(Map.of("manager", "kubectl")), ((Map<?, ?>) listed.get("metadata")).get("managedFields"),
                "the listed object is left as it is");
    }
}
