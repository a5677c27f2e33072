package de.pilotregistry.query.audit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * RFC 9162 §2.1 Merkle tree hashing, inclusion paths and consistency proofs. The leaves' hashes come from a
 * {@link Subtrees} source that knows the hash of every complete subtree (2^level leaves starting at a multiple of
 * 2^level); every range the RFC's recursion visits is aligned that way, so a proof reads O(log² n) stored hashes.
 */
public final class MerkleTree {

    /** The hash of the complete subtree of 2^level leaves starting at leaf {@code index * 2^level}. */
    public interface Subtrees {
        byte[] complete(int level, long index);
    }

    private MerkleTree() {
    }

    public static byte[] leafHash(byte[] entry) {
        MessageDigest sha = sha256();
        sha.update((byte) 0x00);
        return sha.digest(entry);
    }

    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest sha = sha256();
        sha.update((byte) 0x01);
        sha.update(left);
        return sha.digest(right);
    }

    /** MTH of the first {@code size} leaves; the hash of the empty string for the empty tree. */
    public static byte[] root(Subtrees tree, long size) {
        return size == 0 ? sha256().digest() : range(tree, 0, size);
    }

    /** PATH(m, D[n]) of RFC 9162 §2.1.3.1, from the leaf's sibling upwards. */
    public static List<byte[]> inclusionPath(Subtrees tree, long leaf, long size) {
        if (leaf < 0 || leaf >= size) {
            throw new IllegalArgumentException("leaf " + leaf + " is not in a tree of " + size);
        }
        List<byte[]> path = new ArrayList<>();
        path(tree, leaf, 0, size, path);
        return path;
    }

    private static void path(Subtrees tree, long m, long start, long end, List<byte[]> out) {
        long n = end - start;
        if (n == 1) {
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m < k) {
            path(tree, m, start, start + k, out);
            out.add(range(tree, start + k, end));
        } else {
            path(tree, m - k, start + k, end, out);
            out.add(range(tree, start, start + k));
        }
    }

    /** PROOF(m, D[n]) of RFC 9162 §2.1.4.1; empty when {@code from} is 0 or equals {@code to}. */
    public static List<byte[]> consistencyProof(Subtrees tree, long from, long to) {
        if (from < 0 || from > to) {
            throw new IllegalArgumentException("no consistency proof from " + from + " to " + to);
        }
        List<byte[]> proof = new ArrayList<>();
        if (from > 0 && from < to) {
            subproof(tree, from, 0, to, true, proof);
        }
        return proof;
    }

    private static void subproof(Subtrees tree, long m, long start, long end, boolean whole, List<byte[]> out) {
        long n = end - start;
        if (m == n) {
            if (!whole) {
                out.add(range(tree, start, end));
            }
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m <= k) {
            subproof(tree, m, start, start + k, whole, out);
            out.add(range(tree, start + k, end));
        } else {
            subproof(tree, m - k, start + k, end, false, out);
            out.add(range(tree, start, start + k));
        }
    }

    /** MTH(D[start:end]) for a range the recursion visits: {@code start} is a multiple of the left part's size. */
    private static byte[] range(Subtrees tree, long start, long end) {
        long n = end - start;
        if (Long.bitCount(n) == 1 && start % n == 0) {
            return tree.complete(Long.numberOfTrailingZeros(n), start / n);
        }
        long k = largestPowerOfTwoBelow(n);
        return nodeHash(range(tree, start, start + k), range(tree, start + k, end));
    }

    /** The largest power of two smaller than n (n > 1). */
    static long largestPowerOfTwoBelow(long n) {
        return Long.highestOneBit(n - 1);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * Roots of a tree that grows one leaf at a time, in O(log n) memory: the complete subtrees on its right edge.
     * Used to recompute checkpoint roots while streaming every event once.
     */
    public static final class Accumulator {

        private record Subtree(int level, byte[] hash) {
        }

        private final Deque<Subtree> edge = new ArrayDeque<>();
        private long size;

        public void add(byte[] leafHash) {
            Subtree top = new Subtree(0, leafHash);
            while (!edge.isEmpty() && edge.peekLast().level() == top.level()) {
                top = new Subtree(top.level() + 1, nodeHash(edge.removeLast().hash(), top.hash()));
            }
            edge.addLast(top);
            size++;
        }

        public long size() {
            return size;
        }

        /** MTH of the leaves added so far: the edge's subtrees folded from the right (RFC 9162's split rule). */
        public byte[] root() {
            if (edge.isEmpty()) {
                return sha256().digest();
            }
            var subtrees = edge.descendingIterator();
            byte[] hash = subtrees.next().hash();
            while (subtrees.hasNext()) {
                hash = nodeHash(subtrees.next().hash(), hash);
            }
            return hash;
        }
    }
}
