package io.github.aksbackup.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class GroupKindTest {

    @Test
    void aTypeOfAnyVersionIsOfItsKind() {
        ResourceType v1 = new ResourceType("apps", "v1", "Deployment", "deployments", true, Set.of());
        ResourceType beta = new ResourceType("apps", "v1beta2", "Deployment", "deployments", true, Set.of());
        assertTrue(GroupKind.DEPLOYMENT.matches(v1));
        assertTrue(GroupKind.DEPLOYMENT.matches(beta));
        assertEquals(GroupKind.DEPLOYMENT, beta.groupKind());
        assertFalse(GroupKind.STATEFUL_SET.matches(v1));
        assertFalse(new GroupKind("extensions", "Deployment").matches(v1), "another group is another kind");
    }

    @Test
    void printsLikeKubernetes() {
        assertEquals("Secret", GroupKind.SECRET.toString());
        assertEquals("ClusterRole.rbac.authorization.k8s.io", GroupKind.CLUSTER_ROLE.toString());
        assertTrue(GroupKind.SECRET.core());
        assertFalse(GroupKind.STORAGE_CLASS.core());
    }

    @Test
    void refusesABlankKind() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GroupKind("apps", " "));
        assertTrue(e.getMessage().contains("kind"), e.getMessage());
        assertThrows(NullPointerException.class, () -> new GroupKind(null, "Pod"));
    }
}
