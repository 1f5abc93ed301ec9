package dev.playcount.pipeline.model;

import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/** Gives {@link SongDayPlays} its own serializer instead of the reflective POJO one. */
public final class SongDayPlaysTypeInfoFactory extends TypeInfoFactory<SongDayPlays> {

    @Override
    public TypeInformation<SongDayPlays> createTypeInfo(
            Type t, Map<String, TypeInformation<?>> genericParameters) {
        return new SerializedTypeInfo<>(SongDayPlays.class, SongDayPlaysSerializer.INSTANCE);
    }
}
