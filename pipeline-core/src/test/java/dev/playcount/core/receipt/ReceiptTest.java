package dev.playcount.core.receipt;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReceiptTest {

    @Test
    void balancesWhenEveryRowAndPlayIsAccountedFor() {
        Receipt receipt =
                Receipt.fromAccumulators(
                        Map.of(
                                Counts.ROWS_READ, 5L,
                                Counts.ROWS_AGGREGATED, 3L,
                                Counts.INVALID_ROWS, 1L,
                                Counts.REPEATED_HEADERS, 1L,
                                Counts.PLAYS_IN, BigInteger.TEN,
                                Counts.PLAYS_OUT, BigInteger.TEN,
                                Counts.ROWS_WRITTEN, 2L));
        assertThat(receipt.balances()).isTrue();
    }

    @Test
    void doesNotBalanceWhenARowOrAPlayIsMissing() {
        Receipt rowLost =
                Receipt.fromAccumulators(Map.of(Counts.ROWS_READ, 2L, Counts.ROWS_AGGREGATED, 1L));
        Receipt playLost =
                Receipt.fromAccumulators(
                        Map.of(Counts.PLAYS_IN, BigInteger.TWO, Counts.PLAYS_OUT, BigInteger.ONE));
        assertThat(rowLost.balances()).isFalse();
        assertThat(playLost.balances()).isFalse();
    }
}
