package de.pilotregistry.app.audit;

import de.pilotregistry.app.support.Rfc9162Verifier;
import de.pilotregistry.query.audit.MerkleTree;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every proof the tree makes for trees of 1 to 40 leaves passes an independent RFC 9162 verifier; altered ones fail. */
class ProofsTest {

    @Test
    void everyInclusionPathVerifiesAndATamperedOneDoesNot() {
        List<byte[]> leaves = leaves(40);
        MerkleTree.Subtrees tree = fromLeaves(leaves);
        for (int n = 1; n <= leaves.size(); n++) {
            byte[] root = MerkleTree.root(tree, n);
            for (int m = 0; m < n; m++) {
                List<byte[]> path = MerkleTree.inclusionPath(tree, m, n);
                assertThat(Rfc9162Verifier.verifyInclusion(m, n, leaves.get(m), path, root)).as("leaf %d of %d", m, n).isTrue();
                assertThat(Rfc9162Verifier.verifyInclusion(m, n, leaves.get((m + 1) % n), path, root) && n > 1)
                        .as("another leaf at %d of %d", m, n).isFalse();
                if (!path.isEmpty()) {
                    List<byte[]> tampered = new ArrayList<>(path);
                    byte[] changed = tampered.get(0).clone();
                    changed[0] ^= 1;
                    tampered.set(0, changed);
                    assertThat(Rfc9162Verifier.verifyInclusion(m, n, leaves.get(m), tampered, root)).isFalse();
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
                assertThat(Rfc9162Verifier.verifyConsistency(m, n, MerkleTree.root(tree, m), MerkleTree.root(tree, n), proof))
                        .as("%d to %d", m, n).isTrue();
                if (m > 2) {
                    // the log was rewritten at leaf 2 after the auditor kept the old root of size m
                    List<byte[]> fromRewritten = MerkleTree.consistencyProof(fromLeaves(rewritten), m, n);
                    assertThat(Rfc9162Verifier.verifyConsistency(m, n, MerkleTree.root(tree, m),
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
        return Rfc9162Verifier.node(naiveRoot(leaves.subList(0, k)), naiveRoot(leaves.subList(k, leaves.size())));
    }
}
