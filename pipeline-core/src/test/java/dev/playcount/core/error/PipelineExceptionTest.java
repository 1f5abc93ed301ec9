package dev.playcount.core.error;

import static org.assertj.core.api.Assertions.assertThat;

import dev.playcount.core.csv.InvalidHeaderException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

class PipelineExceptionTest {

    @Test
    void anInvalidRowCarriesItsCodeAndLine() {
        PipelineException e = PipelineException.invalidRow(4, "line 4: bad: row");
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ROW);
        assertThat(e.code().wireName()).isEqualTo("invalid_row");
        assertThat(e.line()).contains(4L);
        assertThat(e.getMessage()).isEqualTo("line 4: bad: row");
    }

    @Test
    void anInvalidHeaderIsOnLineOne() {
        PipelineException e = new InvalidHeaderException("misses the column Date");
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_HEADER);
        assertThat(e.line()).contains(1L);
        assertThat(e.getMessage()).isEqualTo("invalid header: misses the column Date");
    }

    @Test
    void otherFailuresHaveNoLine() {
        PipelineException e = new PipelineException("input file not found: x");
        assertThat(e.code()).isEqualTo(ErrorCode.JOB_FAILED);
        assertThat(e.line()).isEmpty();
    }

    @Test
    void isFoundAmongTheCauses() {
        PipelineException e = PipelineException.invalidRow(2, "line 2: x");
        Throwable wrapped = new IllegalStateException("job", new RuntimeException("task", e));
        assertThat(PipelineException.find(wrapped)).containsSame(e);
        assertThat(PipelineException.find(new RuntimeException("other"))).isEmpty();
    }

    @Test
    void crossesAProcessAsDataWhenSerialized() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(
                    new RuntimeException("wrapper", PipelineException.invalidRow(7, "line 7: x")));
        }
        Throwable back;
        try (ObjectInputStream in =
                new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = (Throwable) in.readObject();
        }
        PipelineException restored = PipelineException.find(back).orElseThrow();
        assertThat(restored.code()).isEqualTo(ErrorCode.INVALID_ROW);
        assertThat(restored.line()).contains(7L);
    }
}
