package dev.playcount.pipeline.receipt;

import java.math.BigInteger;
import org.apache.flink.api.common.accumulators.Accumulator;
import org.apache.flink.api.common.accumulators.SimpleAccumulator;

/** An exact sum of plays: totals over a whole file may exceed a long even when no key does. */
public final class BigIntegerSum implements SimpleAccumulator<BigInteger> {

    private static final long serialVersionUID = 1L;

    private BigInteger sum = BigInteger.ZERO;

    @Override
    public void add(BigInteger value) {
        sum = sum.add(value);
    }

    @Override
    public BigInteger getLocalValue() {
        return sum;
    }

    @Override
    public void resetLocal() {
        sum = BigInteger.ZERO;
    }

    @Override
    public void merge(Accumulator<BigInteger, BigInteger> other) {
        sum = sum.add(other.getLocalValue());
    }

    @Override
    public BigIntegerSum clone() {
        BigIntegerSum copy = new BigIntegerSum();
        copy.sum = sum;
        return copy;
    }
}
