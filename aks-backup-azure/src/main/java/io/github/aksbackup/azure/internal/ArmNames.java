package io.github.aksbackup.azure.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Names of the Azure resources the adapter makes: derived from what they are for, so a repeated request finds its resource. */
public final class ArmNames {
    private ArmNames() {
    }

    /** A valid Azure disk/snapshot name (≤ 80 of [A-Za-z0-9_.-]) that is a pure function of its inputs. */
    public static String resourceName(String prefix, String readable, String identity) {
        String hash = sha256(identity).substring(0, 16);
        String clean = readable.replaceAll("[^A-Za-z0-9_.-]", "-");
        int room = 80 - prefix.length() - hash.length() - 1;
        if (clean.length() > room) {
            clean = clean.substring(0, room);
        }
        return prefix + clean + "-" + hash;
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
