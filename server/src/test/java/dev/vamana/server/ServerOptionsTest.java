package dev.vamana.server;

import dev.vamana.VamanaException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServerOptionsTest {
    @Test
    void aBlankApiKeyIsAnErrorNotNoKey() {
        assertThatThrownBy(() -> new ServerOptions("127.0.0.1", 0, " ", 64 * 1024)).isInstanceOf(VamanaException.class).hasMessageContaining("API key");
        assertThat(new ServerOptions("127.0.0.1", 0, null, 64 * 1024).apiKey()).isNull();
    }

    @Test
    void loopbackOnlyTellsThisMachineFromTheNetwork() {
        for (String h : new String[]{"127.0.0.1", "localhost", "::1"}) assertThat(new ServerOptions(h, 0, null, 64 * 1024).loopbackOnly()).as(h).isTrue();
        for (String h : new String[]{"0.0.0.0", "::", "192.0.2.7"}) assertThat(new ServerOptions(h, 0, null, 64 * 1024).loopbackOnly()).as(h).isFalse();
    }

    @Test
    void allInterfacesIsTheWildcardAddressOnly() {
        for (String h : new String[]{"0.0.0.0", "::"}) assertThat(new ServerOptions(h, 0, null, 64 * 1024).allInterfaces()).as(h).isTrue();
        for (String h : new String[]{"127.0.0.1", "localhost", "192.0.2.7", "999.1.1.1"}) {
            assertThat(new ServerOptions(h, 0, null, 64 * 1024).allInterfaces()).as(h).isFalse();
        }
    }
}
