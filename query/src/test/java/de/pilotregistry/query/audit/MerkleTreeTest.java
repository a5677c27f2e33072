package de.pilotregistry.query.audit;

import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tree's roots against the test vectors of RFC 6962/9162 implementations (Certificate Transparency, Trillian);
 * its proofs are checked by an independent RFC 9162 verifier in the app's tests.
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
