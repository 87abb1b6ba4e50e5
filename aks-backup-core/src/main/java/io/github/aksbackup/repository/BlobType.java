package io.github.aksbackup.repository;

/** What a blob in a pack holds. The codes are part of the storage format. */
public enum BlobType {
    /** A Kubernetes object as canonical sanitized JSON. */
    OBJECT(1),
    /** A chunk of a manifest's entry list as canonical JSON. */
    CHUNK(2);

    private final int code;

    BlobType(int code) {
        this.code = code;
    }

    int code() {
        return code;
    }

    static BlobType ofCode(int code) {
        for (BlobType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown blob type code " + code);
    }
}
