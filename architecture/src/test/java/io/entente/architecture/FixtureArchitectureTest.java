package io.entente.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shows that every rule can fail: each rule is applied to its own fixture package (under {@code
 * fixtures/}) and must report every top-level class in it; each fixture must pass every other rule,
 * so it breaks exactly one; and the {@code allowed} fixture, code the rules must leave alone,
 * passes them all.
 */
class FixtureArchitectureTest {
  private static final String FIXTURES = "io.entente.architecture.fixtures";

  private static final Map<String, JavaClasses> IMPORTED = new ConcurrentHashMap<>();

  /** A rule, as a function of the package it applies to, and the fixture package it must reject. */
  record Case(String rule, Function<String, ArchRule> ruleFor, String fixture) {
    static Case of(String rule, Function<String[], ArchRule> ruleFor, String fixture) {
      return new Case(rule, pkg -> ruleFor.apply(new String[] {pkg + ".."}), fixture);
    }

    String fixturePackage() {
      return FIXTURES + "." + fixture;
    }
  }

  private static final List<Case> CASES =
      List.of(
          new Case(
              "noDependencyOnShell",
              pkg ->
                  ArchitectureRules.noDependencyOnShell(
                      new String[] {pkg + ".."}, new String[] {FIXTURES + ".fakeshell.."}),
              "shelldependency"),
          Case.of("onlyApprovedLibraries", ArchitectureRules::onlyApprovedLibraries, "libraries"),
          Case.of("noIo", ArchitectureRules::noIo, "io"),
          Case.of("noLogging", ArchitectureRules::noLogging, "logging"),
          Case.of("noHostEnvironment", ArchitectureRules::noHostEnvironment, "hostenvironment"),
          Case.of("noWallClock", ArchitectureRules::noWallClock, "wallclock"),
          Case.of("noRandomness", ArchitectureRules::noRandomness, "randomness"),
          Case.of("noThreads", ArchitectureRules::noThreads, "threads"),
          Case.of("noExecutors", ArchitectureRules::noExecutors, "executors"),
          Case.of(
              "noSynchronizedMethods",
              ArchitectureRules::noSynchronizedMethods,
              "synchronizedmethods"),
          Case.of("noLocks", ArchitectureRules::noLocks, "locks"),
          Case.of(
              "noHashOrderedCollections", ArchitectureRules::noHashOrderedCollections, "hashorder"),
          Case.of("noParallelStreams", ArchitectureRules::noParallelStreams, "parallelstreams"),
          Case.of("noIdentityHashCode", ArchitectureRules::noIdentityHashCode, "identityhashcode"),
          Case.of("noFieldInjection", ArchitectureRules::noFieldInjection, "fieldinjection"),
          Case.of("noReflection", ArchitectureRules::noReflection, "reflection"),
          new Case(
              "everyClassIsPureOrShell",
              pkg ->
                  ArchitectureRules.everyClassIsPureOrShell(
                      pkg + "..", new String[] {pkg + ".pure.."}, new String[] {pkg + ".shell.."}),
              "classification"));

  /** Rules about what code does; the classification rule is about package layout instead. */
  private static Stream<Case> bans() {
    return CASES.stream().filter(c -> !c.rule().equals("everyClassIsPureOrShell"));
  }

  @TestFactory
  Stream<DynamicTest> eachRuleReportsEveryClassOfItsFixture() {
    return CASES.stream()
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.rule() + " rejects fixtures." + c.fixture(), () -> assertRejects(c)));
  }

  @TestFactory
  Stream<DynamicTest> eachFixtureBreaksNoOtherRule() {
    return CASES.stream()
        .flatMap(
            fixture ->
                bans()
                    .filter(rule -> rule != fixture)
                    .map(
                        rule ->
                            DynamicTest.dynamicTest(
                                rule.rule() + " accepts fixtures." + fixture.fixture(),
                                () -> assertAccepts(rule, fixture.fixturePackage()))));
  }

  @TestFactory
  Stream<DynamicTest> allowedCodePassesEveryRule() {
    String allowed = FIXTURES + ".allowed";
    assertThat(importPackage(allowed)).isNotEmpty();
    return bans()
        .map(
            rule ->
                DynamicTest.dynamicTest(
                    rule.rule() + " accepts fixtures.allowed", () -> assertAccepts(rule, allowed)));
  }

  /** A rule added to ArchitectureRules without a fixture or a production test fails here. */
  @Test
  void everyRuleHasAFixtureAndAProductionTest() {
    JavaClasses own =
        new ClassFileImporter()
            .importClasses(ArchitectureRules.class, ProductionArchitectureTest.class);
    List<String> ruleNames =
        own.get(ArchitectureRules.class).getMethods().stream()
            .filter(method -> method.getModifiers().contains(JavaModifier.PUBLIC))
            .filter(method -> method.getRawReturnType().isEquivalentTo(ArchRule.class))
            .map(JavaMethod::getName)
            .toList();
    List<String> calledByProductionTest =
        own.get(ProductionArchitectureTest.class).getMethodCallsFromSelf().stream()
            .filter(call -> call.getTargetOwner().isEquivalentTo(ArchitectureRules.class))
            .map(call -> call.getName())
            .toList();

    assertThat(ruleNames).isNotEmpty();
    assertThat(CASES.stream().map(Case::rule)).containsExactlyInAnyOrderElementsOf(ruleNames);
    assertThat(calledByProductionTest).containsAll(ruleNames);
  }

  // The source scan for synchronized blocks, which ArchUnit cannot see.

  @Test
  void sourceScanFindsSynchronizedBlocks() {
    SynchronizedKeywordScan.Result result =
        SynchronizedKeywordScan.scanDirectories(List.of(resource("synchronizedsource/violating")));

    assertThat(result.filesScanned()).isEqualTo(1);
    assertThat(result.findings())
        .extracting(SynchronizedKeywordScan.Finding::line)
        .containsExactly(10, 16);
  }

  @Test
  void sourceScanIgnoresTheWordInCommentsStringsAndNames() {
    SynchronizedKeywordScan.Result result =
        SynchronizedKeywordScan.scanDirectories(List.of(resource("synchronizedsource/clean")));

    assertThat(result.filesScanned()).isEqualTo(1);
    assertThat(result.findings()).isEmpty();
  }

  @Test
  void sourceScanFailsLoudlyWhenItFindsNoSources(@TempDir Path directory) {
    assertThrows(
        IllegalStateException.class, () -> SynchronizedKeywordScan.repositoryRoot(directory));
    Path root = SynchronizedKeywordScan.repositoryRoot(resource("synchronizedsource/violating"));
    assertThrows(
        IllegalStateException.class,
        () ->
            SynchronizedKeywordScan.sourceDirectories(root, List.of("io.entente.nosuchpackage..")));
  }

  private static void assertRejects(Case c) {
    JavaClasses fixture = importPackage(c.fixturePackage());
    List<String> topLevelClasses =
        fixture.stream()
            .filter(JavaClass::isTopLevelClass)
            .filter(javaClass -> !javaClass.isAnnotation())
            .filter(javaClass -> javaClass.getPackageName().equals(c.fixturePackage()))
            .map(JavaClass::getName)
            .toList();
    assertThat(topLevelClasses).as("classes of fixtures.%s", c.fixture()).isNotEmpty();

    assertThatThrownBy(() -> c.ruleFor().apply(c.fixturePackage()).check(fixture))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("was violated")
        .hasMessageNotContaining("failed to check any classes")
        .satisfies(
            error ->
                assertThat(error.getMessage())
                    .contains(topLevelClasses.stream().map(name -> "<" + name).toList()));
  }

  private static void assertAccepts(Case rule, String fixturePackage) {
    JavaClasses fixture = importPackage(fixturePackage);
    ArchRule applied = rule.ruleFor().apply(fixturePackage).allowEmptyShould(true);
    assertThatNoException().isThrownBy(() -> applied.check(fixture));
  }

  /** Each fixture package is imported once: the cross-checks apply every rule to every fixture. */
  private static JavaClasses importPackage(String packageName) {
    return IMPORTED.computeIfAbsent(
        packageName, name -> new ClassFileImporter().importPackages(name));
  }

  private static Path resource(String fixture) {
    String name = "/" + FIXTURES.replace('.', '/') + "/" + fixture;
    URL url = FixtureArchitectureTest.class.getResource(name);
    assertThat(url).as("test resource %s", name).isNotNull();
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
