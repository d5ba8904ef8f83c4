package dev.streamssl.stack.continual;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamssl.stack.continual.Part.Role;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScenariosTest {
    @Test
    void classIncrementalIsFiveTasksOfTwoClassesScoredEachAndTogether() {
        Scenario s = Scenarios.named("class-incremental", 30001, 0);
        assertThat(s.phases())
                .extracting(Phase::classes)
                .containsExactly(
                        Set.of(0, 1), Set.of(2, 3), Set.of(4, 5), Set.of(6, 7), Set.of(8, 9));
        assertThat(s.images()).isEqualTo(30001);
        assertThat(s.phaseEnds()).containsExactly(6000L, 12000L, 18000L, 24000L, 30001L);
        assertThat(s.parts())
                .extracting(Part::role)
                .containsExactly(Role.OLD, Role.OLD, Role.OLD, Role.OLD, Role.NEW, Role.ALL);
    }

    @Test
    void theJointRunMixesEveryPhasesClassesAndDomainsOverTheSameImages() {
        Scenario domain = Scenarios.named("domain-shift", 1000, 0);
        Scenario joint = domain.joint();
        assertThat(joint.phases()).hasSize(1);
        Phase mixed = joint.phases().get(0);
        assertThat(mixed.images()).isEqualTo(1000);
        assertThat(mixed.classes()).isNull();
        assertThat(mixed.domains()).containsExactly(Domain.ORIGINAL, Domain.NEW_CAMERA);
        assertThat(joint.parts()).isEqualTo(domain.parts());

        Phase classes = Scenarios.named("class-shift", 1000, 0).joint().phases().get(0);
        assertThat(classes.classes()).isEqualTo(Set.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
    }

    @Test
    void theCorrelatedStreamRunsOneClassAtATime() {
        Phase runs = Scenarios.named("correlated", 5000, 700).phases().get(0);
        assertThat(runs.runLength()).isEqualTo(700);
        assertThat(runs.domains()).isEqualTo(List.of(Domain.ORIGINAL));
    }

    @Test
    void anUnknownScenarioNamesTheKnownOnes() {
        assertThatThrownBy(() -> Scenarios.named("seasons", 10, 0))
                .hasMessage(
                        "scenario 'seasons' is not known; known: same, class-incremental,"
                                + " class-shift, domain-shift, correlated");
    }
}
