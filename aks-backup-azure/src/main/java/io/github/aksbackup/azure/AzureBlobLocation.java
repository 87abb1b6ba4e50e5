package io.github.aksbackup.azure;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A blob container named as {@code azblob://ACCOUNT/CONTAINER}: how the command line and
 * configuration files name an Azure vault without carrying credentials.
 *
 * @param account storage account name (3-24 lower-case letters and digits)
 * @param container container name (3-63 lower-case letters, digits and single hyphens)
 */
public record AzureBlobLocation(String account, String container) {
    /** The URI scheme, with its separator. */
    public static final String SCHEME = "azblob://";

    private static final Pattern ACCOUNT = Pattern.compile("[a-z0-9]{3,24}");
    private static final Pattern CONTAINER = Pattern.compile("[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}");

    public AzureBlobLocation {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(container, "container");
        if (!ACCOUNT.matcher(account).matches()) {
            throw new IllegalArgumentException("storage account name must be 3-24 lower-case letters and digits, was '"
                    + account + "'");
        }
        if (!CONTAINER.matcher(container).matches()) {
            throw new IllegalArgumentException("container name must be 3-63 lower-case letters, digits and single"
                    + " hyphens, starting and ending with a letter or digit, was '" + container + "'");
        }
    }

    /** True when {@code value} uses the {@code azblob://} scheme (it may still be malformed). */
    public static boolean isAzureBlobUri(String value) {
        return value != null && value.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
    }

    /** Parses {@code azblob://ACCOUNT/CONTAINER}; a trailing slash is allowed. */
    public static AzureBlobLocation parse(String uri) {
        if (!isAzureBlobUri(uri)) {
            throw new IllegalArgumentException("expected azblob://ACCOUNT/CONTAINER, was '" + uri + "'");
        }
        String rest = uri.substring(SCHEME.length());
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        int slash = rest.indexOf('/');
        if (slash < 0 || rest.indexOf('/', slash + 1) >= 0) {
            throw new IllegalArgumentException("expected azblob://ACCOUNT/CONTAINER (exactly one container, no path),"
                    + " was '" + uri + "'");
        }
        return new AzureBlobLocation(rest.substring(0, slash), rest.substring(slash + 1));
    }

    /** The public-cloud blob endpoint of the account. */
    public String defaultEndpoint() {
        return "https://" + account + ".blob.core.windows.net";
    }

    @Override
    public String toString() {
        return SCHEME + account + "/" + container;
    }
}
