package io.github.aksbackup.azure.keyvault;

import io.github.aksbackup.api.InvalidInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Key Vault key identifier, {@code https://HOST/keys/NAME[/VERSION]}, checked before any request
 * so that a typo is an input error naming the field rather than a network failure.
 *
 * @param vaultUrl {@code https://HOST}, host in lower case
 * @param name the key's name
 * @param version the key version, or {@code null} for the latest
 */
record KeyVaultKeyId(String vaultUrl, String name, String version) {
    private static final Pattern PATH = Pattern.compile("/keys/([0-9A-Za-z-]{1,127})(?:/([0-9A-Za-z]{1,64}))?/?");
    private static final Pattern HOST = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(:[0-9]{1,5})?");

    static KeyVaultKeyId parse(String url, String field) {
        String problem = "must be a Key Vault key URL https://VAULT.vault.azure.net/keys/NAME[/VERSION]"
                + " (name: letters, digits and '-'), was '" + url + "'";
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new InvalidInputException(field, problem);
        }
        String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority().toLowerCase(Locale.ROOT);
        Matcher m = PATH.matcher(uri.getRawPath() == null ? "" : uri.getRawPath());
        if (!"https".equalsIgnoreCase(uri.getScheme()) || !HOST.matcher(authority).matches() || !m.matches()
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new InvalidInputException(field, problem);
        }
        return new KeyVaultKeyId("https://" + authority, m.group(1), m.group(2));
    }

    /** The identifier as Key Vault writes it. */
    String url() {
        return vaultUrl + "/keys/" + name + (version == null ? "" : "/" + version);
    }

    boolean sameVault(KeyVaultKeyId other) {
        return vaultUrl.equals(other.vaultUrl);
    }
}
