package dev.playcount.pipeline.model;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes a {@link PartialSum} as {@code hash, day, plays, song length, song bytes}: a copy of the
 * bytes, where the POJO serializer reflected on each field and wrote the song char by char.
 */
public final class PartialSumSerializer extends TypeSerializerSingleton<PartialSum> {

    private static final long serialVersionUID = 1L;

    public static final PartialSumSerializer INSTANCE = new PartialSumSerializer();

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public PartialSum createInstance() {
        return new PartialSum();
    }

    @Override
    public PartialSum copy(PartialSum from) {
        return new PartialSum(from.hash, from.song.clone(), from.day, from.plays);
    }

    @Override
    public PartialSum copy(PartialSum from, PartialSum reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(PartialSum record, DataOutputView target) throws IOException {
        target.writeLong(record.hash);
        target.writeInt(record.day);
        target.writeLong(record.plays);
        target.writeInt(record.song.length);
        target.write(record.song);
    }

    @Override
    public PartialSum deserialize(DataInputView source) throws IOException {
        return deserialize(new PartialSum(), source);
    }

    @Override
    public PartialSum deserialize(PartialSum reuse, DataInputView source) throws IOException {
        reuse.hash = source.readLong();
        reuse.day = source.readInt();
        reuse.plays = source.readLong();
        byte[] song = new byte[source.readInt()];
        source.readFully(song);
        reuse.song = song;
        return reuse;
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        target.write(source, 20);
        int length = source.readInt();
        target.writeInt(length);
        target.write(source, length);
    }

    @Override
    public TypeSerializerSnapshot<PartialSum> snapshotConfiguration() {
        return new Snapshot();
    }

    /** No configuration to keep: the format is fixed. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<PartialSum> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
