package io.github.rediscluster.reconciler.apply;

import java.security.SecureRandom;

/**
 * A random Redis password: 40 letters and digits from {@link SecureRandom}, about 238 bits. Letters and digits only, so
 * it survives any shell, URL or redis-cli quoting a user may copy it into.
 */
final class GeneratedPassword {

    static final int LENGTH = 40;
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private GeneratedPassword() {
    }

    static String generate() {
        StringBuilder password = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }
}
