package dev.playcount.pipeline.model;

import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/** Gives {@link PartialSum} its own serializer instead of the reflective POJO one. */
public final class PartialSumTypeInfoFactory extends TypeInfoFactory<PartialSum> {

    @Override
    public TypeInformation<PartialSum> createTypeInfo(
            Type t, Map<String, TypeInformation<?>> genericParameters) {
        return new SerializedTypeInfo<>(PartialSum.class, PartialSumSerializer.INSTANCE);
    }
}
