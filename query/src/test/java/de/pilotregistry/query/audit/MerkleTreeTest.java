package de.pilotregistry.query.audit;

import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tree against the test vectors of RFC 6962/9162 implementations (Certificate Transparency, Trillian), and its
 * proofs against an independent verifier written from RFC 9162 §2.1.3.2 and §2.1.4.2.
 */
class MerkleTreeTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final List<byte[]> VECTOR_LEAVES = List.of(HEX.parseHex(""), HEX.parseHex("00"),
            HEX.parseHex("10"), HEX.parseHex("2021"), HEX.parseHex("3031"), HEX.parseHex("40414243"),
            HEX.parseHex("5051525354555657"), HEX.parseHex("606162636465666768696a6b6c6d6e6f"));
    private static final List<String> VECTOR_ROOTS = List.of(
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

    @Test
    void rootsMatchThePublishedVectors() {
        List<byte[]> leaves = VECTOR_LEAVES.stream().map(MerkleTree::leafHash).toList();
        MerkleTree.Accumulator accumulator = new MerkleTree.Accumulator();
        assertThat(HEX.formatHex(MerkleTree.root(fromLeaves(leaves), 0)))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        for (int n = 1; n <= leaves.size(); n++) {
            accumulator.add(leaves.get(n - 1));
            assertThat(HEX.formatHex(MerkleTree.root(fromLeaves(leaves), n))).as("size %d", n)
                    .isEqualTo(VECTOR_ROOTS.get(n - 1));
            assertThat(HEX.formatHex(accumulator.root())).as("accumulated, size %d", n)
                    .isEqualTo(VECTOR_ROOTS.get(n - 1));
        }
    }

    @Test
    void everyInclusionPathVerifiesAndATamperedOneDoesNot() {
        List<byte[]> leaves = leaves(40);
        MerkleTree.Subtrees tree = fromLeaves(leaves);
        for (int n = 1; n <= leaves.size(); n++) {
            byte[] root = MerkleTree.root(tree, n);
            for (int m = 0; m < n; m++) {
                List<byte[]> path = MerkleTree.inclusionPath(tree, m, n);
                assertThat(verifyInclusion(m, n, leaves.get(m), path, root)).as("leaf %d of %d", m, n).isTrue();
                assertThat(verifyInclusion(m, n, leaves.get((m + 1) % n), path, root) && n > 1)
                        .as("another leaf at %d of %d", m, n).isFalse();
                if (!path.isEmpty()) {
                    List<byte[]> tampered = new ArrayList<>(path);
                    byte[] changed = tampered.get(0).clone();
                    changed[0] ^= 1;
                    tampered.set(0, changed);
                    assertThat(verifyInclusion(m, n, leaves.get(m), tampered, root)).isFalse();
                }
            }
        }
    }

    @Test
    void everyConsistencyProofVerifiesAndOneAgainstAnotherHistoryDoesNot() {
        List<byte[]> leaves = leaves(40);
        MerkleTree.Subtrees tree = fromLeaves(leaves);
        List<byte[]> rewritten = new ArrayList<>(leaves);
        rewritten.set(2, MerkleTree.leafHash(new byte[]{42}));
        for (int n = 1; n <= leaves.size(); n++) {
            for (int m = 1; m <= n; m++) {
                List<byte[]> proof = MerkleTree.consistencyProof(tree, m, n);
                assertThat(verifyConsistency(m, n, MerkleTree.root(tree, m), MerkleTree.root(tree, n), proof))
                        .as("%d to %d", m, n).isTrue();
                if (m > 2) {
                    // the log was rewritten at leaf 2 after the auditor kept the old root of size m
                    List<byte[]> fromRewritten = MerkleTree.consistencyProof(fromLeaves(rewritten), m, n);
                    assertThat(verifyConsistency(m, n, MerkleTree.root(tree, m),
                            MerkleTree.root(fromLeaves(rewritten), n), fromRewritten)).as("rewritten %d to %d", m, n)
                            .isFalse();
                }
            }
        }
    }

    private static List<byte[]> leaves(int count) {
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            leaves.add(MerkleTree.leafHash(("entry " + i).getBytes()));
        }
        return leaves;
    }

    /** Complete subtrees computed naively from the leaves, the way RFC 9162 §2.1.1 defines MTH. */
    private static MerkleTree.Subtrees fromLeaves(List<byte[]> leaves) {
        return (level, index) -> naiveRoot(leaves.subList((int) (index << level), (int) ((index + 1) << level)));
    }

    private static byte[] naiveRoot(List<byte[]> leaves) {
        if (leaves.size() == 1) {
            return leaves.get(0);
        }
        int k = 1;
        while (k * 2 < leaves.size()) {
            k *= 2;
        }
        return node(naiveRoot(leaves.subList(0, k)), naiveRoot(leaves.subList(k, leaves.size())));
    }

    /** RFC 9162 §2.1.3.2. */
    static boolean verifyInclusion(long leafIndex, long treeSize, byte[] leafHash, List<byte[]> path, byte[] root) {
        if (leafIndex >= treeSize) {
            return false;
        }
        long fn = leafIndex;
        long sn = treeSize - 1;
        byte[] r = leafHash;
        for (byte[] p : path) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = node(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = node(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(r, root);
    }

    /** RFC 9162 §2.1.4.2. */
    static boolean verifyConsistency(long first, long second, byte[] firstHash, byte[] secondHash,
                                     List<byte[]> proof) {
        if (first == second) {
            return proof.isEmpty() && MessageDigest.isEqual(firstHash, secondHash);
        }
        if (first > second || proof.isEmpty()) {
            return false;
        }
        List<byte[]> path = new ArrayList<>(proof);
        if (Long.bitCount(first) == 1) {
            path.add(0, firstHash);
        }
        long fn = first - 1;
        long sn = second - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        for (byte[] c : path.subList(1, path.size())) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = node(c, fr);
                sr = node(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                sr = node(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(fr, firstHash) && MessageDigest.isEqual(sr, secondHash);
    }

    private static byte[] node(byte[] left, byte[] right) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((byte) 1);
            sha.update(left);
            return sha.digest(right);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
