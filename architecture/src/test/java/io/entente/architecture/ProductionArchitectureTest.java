package io.entente.architecture;

import static io.entente.architecture.ArchitectureRules.OWN_PACKAGES;
import static io.entente.architecture.ArchitectureRules.PURE_PACKAGES;
import static io.entente.architecture.ArchitectureRules.pure;
import static io.entente.architecture.ArchitectureRules.shell;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Applies every rule to the production classes of Entente (test classes excluded); all must pass.
 *
 * <p>No rule allows an empty "should": each pure rule covers all pure packages at once, so a pure
 * package without classes yet (io.entente.consensus, io.entente.app) is fine while the rule still
 * fails if it matches no class at all.
 */
class ProductionArchitectureTest {
  private static JavaClasses production;

  @BeforeAll
  static void importProductionClasses() {
    production =
        new ClassFileImporter()
            .withImportOption(new ImportOption.DoNotIncludeTests())
            .importPackages(OWN_PACKAGES.replace("..", ""));
  }

  @Test
  void importsThePureCoreAndNoTestClasses() {
    List<String> names = production.stream().map(JavaClass::getName).toList();
    assertThat(names).anyMatch(name -> name.startsWith("io.entente.core."));
    assertThat(names).noneMatch(name -> name.startsWith("io.entente.architecture."));
  }

  @Test
  void everyClassIsPureOrShell() {
    ArchitectureRules.everyClassIsPureOrShell(OWN_PACKAGES, pure(), shell()).check(production);
  }

  // Dependency direction

  @Test
  void pureCodeDoesNotDependOnTheShell() {
    ArchitectureRules.noDependencyOnShell(pure(), shell()).check(production);
  }

  @Test
  void pureCodeUsesOnlyApprovedLibraries() {
    ArchitectureRules.onlyApprovedLibraries(pure()).check(production);
  }

  @Test
  void pureCodeDoesNoIo() {
    ArchitectureRules.noIo(pure()).check(production);
  }

  @Test
  void pureCodeDoesNotLog() {
    ArchitectureRules.noLogging(pure()).check(production);
  }

  @Test
  void pureCodeDoesNotReadTheHostEnvironment() {
    ArchitectureRules.noHostEnvironment(pure()).check(production);
  }

  // Determinism

  @Test
  void pureCodeReadsNoWallClock() {
    ArchitectureRules.noWallClock(pure()).check(production);
  }

  @Test
  void pureCodeMakesNoRandomness() {
    ArchitectureRules.noRandomness(pure()).check(production);
  }

  @Test
  void pureCodeStartsNoThreads() {
    ArchitectureRules.noThreads(pure()).check(production);
  }

  @Test
  void pureCodeUsesNoExecutors() {
    ArchitectureRules.noExecutors(pure()).check(production);
  }

  @Test
  void pureCodeHasNoSynchronizedMethods() {
    ArchitectureRules.noSynchronizedMethods(pure()).check(production);
  }

  @Test
  void pureCodeHasNoSynchronizedBlocks() {
    Path root = SynchronizedKeywordScan.repositoryRoot(Path.of(moduleDirectory()));
    List<Path> directories = SynchronizedKeywordScan.sourceDirectories(root, PURE_PACKAGES);
    SynchronizedKeywordScan.Result result = SynchronizedKeywordScan.scanDirectories(directories);

    assertThat(result.filesScanned()).as("pure source files scanned").isPositive();
    assertThat(result.findings()).as("'synchronized' in pure sources").isEmpty();
  }

  @Test
  void pureCodeUsesNoLocks() {
    ArchitectureRules.noLocks(pure()).check(production);
  }

  @Test
  void pureCodeBuildsNoHashOrderedCollections() {
    ArchitectureRules.noHashOrderedCollections(pure()).check(production);
  }

  @Test
  void pureCodeUsesNoParallelStreams() {
    ArchitectureRules.noParallelStreams(pure()).check(production);
  }

  @Test
  void pureCodeUsesNoIdentityHashCodes() {
    ArchitectureRules.noIdentityHashCode(pure()).check(production);
  }

  // House style

  @Test
  void ownCodeHasNoFieldInjection() {
    ArchitectureRules.noFieldInjection(OWN_PACKAGES).check(production);
  }

  @Test
  void ownCodeUsesNoReflection() {
    ArchitectureRules.noReflection(OWN_PACKAGES).check(production);
  }

  /** Surefire sets {@code basedir} to this module; the working directory is the fallback. */
  private static String moduleDirectory() {
    return System.getProperty("basedir", System.getProperty("user.dir"));
  }
}
