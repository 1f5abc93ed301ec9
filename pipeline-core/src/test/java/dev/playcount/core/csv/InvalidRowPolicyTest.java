package dev.playcount.core.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InvalidRowPolicyTest {

    @Test
    void parsesTheWireNamesInAnyCase() {
        assertThat(InvalidRowPolicy.parse(" Skip ")).isEqualTo(InvalidRowPolicy.SKIP);
        assertThat(InvalidRowPolicy.parse("fail")).isEqualTo(InvalidRowPolicy.FAIL);
        assertThat(InvalidRowPolicy.SKIP.wireName()).isEqualTo("skip");
        assertThat(InvalidRowPolicy.FAIL).hasToString("fail");
    }

    @Test
    void namesTheValidValues() {
        assertThatThrownBy(() -> InvalidRowPolicy.parse("drop"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected fail or skip");
    }
}
