package dev.vamana.collection;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IngestReportTest {
    @Test
    void summaryCountsEveryOutcomeAndTheRate() {
        assertThat(new IngestReport(3, 1, 6, 2, 1, 120, 2000, List.of("a: empty file")).summary())
                .isEqualTo("3 added, 1 updated, 6 unchanged, 2 removed, 1 skipped; 120 chunks embedded in 2.0 s (60 chunks/s)");
    }

    @Test
    void summarySaysChunkForOneChunk() {
        assertThat(new IngestReport(0, 1, 6, 1, 0, 1, 500, List.of()).summary())
                .isEqualTo("0 added, 1 updated, 6 unchanged, 1 removed, 0 skipped; 1 chunk embedded in 0.5 s (2 chunks/s)");
    }

    @Test
    void summaryOfARunThatEmbeddedNothingGivesNoRate() {
        assertThat(new IngestReport(0, 0, 6, 0, 0, 0, 40, List.of()).summary())
                .isEqualTo("0 added, 0 updated, 6 unchanged, 0 removed, 0 skipped; nothing to embed (0.0 s)");
    }
}
