package dev.playcount.pipeline.model;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** The type of {@link PartialSum}: one opaque field group with {@link PartialSumSerializer}. */
public final class PartialSumTypeInfo extends TypeInformation<PartialSum> {

    private static final long serialVersionUID = 1L;

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<PartialSum> getTypeClass() {
        return PartialSum.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<PartialSum> createSerializer(SerializerConfig config) {
        return PartialSumSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "PartialSum";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PartialSumTypeInfo;
    }

    @Override
    public int hashCode() {
        return PartialSumTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof PartialSumTypeInfo;
    }
}
