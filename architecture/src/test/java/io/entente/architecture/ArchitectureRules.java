package io.entente.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget.CodeUnitAccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaConstructor;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchRule;
import java.nio.charset.Charset;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The architecture rules of Entente, each a function of the packages it applies to, so the same
 * rule runs over the production classes (must pass) and over a fixture package (must fail).
 *
 * <p>To add a pure package (deterministic, no I/O), add it to {@link #PURE_PACKAGES}; to add a
 * runtime-shell package, add it to {@link #SHELL_PACKAGES}. Every rule, the source scan for {@code
 * synchronized} blocks and the check that every class is classified follow these lists.
 */
public final class ArchitectureRules {
  private ArchitectureRules() {}

  /** Deterministic code: same inputs, same outputs, on every node and under the simulator. */
  public static final List<String> PURE_PACKAGES =
      List.of(
          "io.entente.core..",
          "io.entente.consensus..",
          "io.entente.app..",
          "io.entente.simulation.world..",
          "io.entente.simulation.channel..");

  /** The runtime shell: files, sockets, threads, storage, API, command line, benchmarks. */
  public static final List<String> SHELL_PACKAGES =
      List.of(
          "io.entente.node..",
          "io.entente.bench..",
          "io.entente.simulation.runner..",
          "io.entente.colending..");

  /**
   * What pure code may depend on besides itself: the JDK's {@code java..} (its I/O, clocks and
   * threads are banned rule by rule below), JCA crypto types, and BouncyCastle. A library is added
   * here only after checking it does no I/O, keeps no global state and starts no threads.
   */
  public static final List<String> PURE_LIBRARY_PACKAGES =
      List.of("java..", "javax.crypto..", "javax.security.auth.x500..", "org.bouncycastle..");

  /** Our own production code; the house-style rules apply to all of it. */
  public static final String OWN_PACKAGES = "io.entente..";

  static String[] pure() {
    return PURE_PACKAGES.toArray(String[]::new);
  }

  static String[] shell() {
    return SHELL_PACKAGES.toArray(String[]::new);
  }

  // ---------------------------------------------------------------------------------------------
  // Dependency direction

  /** The pure core is the inside of the onion: it never reaches out to the shell. */
  public static ArchRule noDependencyOnShell(String[] purePackages, String[] shellPackages) {
    return noClasses()
        .that()
        .resideInAnyPackage(purePackages)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(shellPackages)
        .because(
            "the pure core runs unchanged under the real shell and under the simulator, so it must"
                + " not know which one it runs in");
  }

  /**
   * Pure code uses only approved libraries, so no storage, network, JSON or logging library can
   * slip in. Dependencies between our own packages are judged by {@link #noDependencyOnShell}.
   */
  public static ArchRule onlyApprovedLibraries(String... packages) {
    String[] allowed =
        Stream.concat(Stream.of(OWN_PACKAGES), PURE_LIBRARY_PACKAGES.stream())
            .toArray(String[]::new);
    return classes()
        .that()
        .resideInAnyPackage(packages)
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(allowed)
        .because(
            "each library in the pure core must be known to do no I/O, keep no global state and"
                + " start no threads; extend PURE_LIBRARY_PACKAGES after checking a new one");
  }

  /** Files, sockets, databases and processes are the shell's job. */
  public static ArchRule noIo(String... packages) {
    return noClasses()
        .that()
        .resideInAnyPackage(packages)
        .should()
        .dependOnClassesThat(
            nameStartsWith(
                "java.io.File",
                "java.io.RandomAccessFile",
                "java.io.Console",
                "java.nio.file.",
                "java.nio.channels.",
                "java.net.",
                "java.sql.",
                "javax.sql.",
                "javax.net.",
                "java.rmi.",
                "java.lang.Process"))
        .because(
            "pure code is a function of its inputs; I/O is carried out by the shell as actions"
                + " (in-memory readers, streams and PEM strings are fine)");
  }

  /** Logging is a side effect; the core reports through return values and events. */
  public static ArchRule noLogging(String... packages) {
    return noClasses()
        .that()
        .resideInAnyPackage(packages)
        .should()
        .dependOnClassesThat(
            nameStartsWith(
                "java.util.logging.",
                "java.lang.System$Logger",
                "org.slf4j.",
                "org.apache.logging.",
                "org.apache.log4j.",
                "org.apache.commons.logging.",
                "ch.qos.logback.",
                "org.jboss.logging."))
        .orShould()
        .accessTargetWhere(calls(System.class, "getLogger"))
        .because(
            "the pure core has no side effects: it returns checks, events and actions, and the"
                + " shell logs and counts them");
  }

  /** Reads of the host: environment, properties, console, exit, host defaults. */
  public static ArchRule noHostEnvironment(String... packages) {
    return noClasses()
        .that()
        .resideInAnyPackage(packages)
        .should()
        .accessTargetWhere(
            DescribedPredicate.or(
                calls(
                    System.class,
                    "getenv",
                    "getProperty",
                    "getProperties",
                    "setProperty",
                    "clearProperty",
                    "lineSeparator",
                    "exit",
                    "console",
                    "out",
                    "err",
                    "in",
                    "setOut",
                    "setErr",
                    "setIn"),
                calls(Runtime.class),
                calls(Integer.class, "getInteger"),
                calls(Long.class, "getLong"),
                calls(Boolean.class, "getBoolean"),
                calls(ZoneId.class, "systemDefault"),
                calls(java.util.TimeZone.class, "getDefault"),
                calls(Locale.class, "getDefault"),
                calls(Charset.class, "defaultCharset")))
        .because(
            "two validators with different environments, properties, locales or time zones must"
                + " still compute the same block; configuration is read by the shell and passed in");
  }

  // ---------------------------------------------------------------------------------------------
  // Determinism (DESIGN §6): the simulator replays a seed and must get the same trace.

  /** Time comes in as an event or an injected {@link Clock}, never from the host. */
  public static ArchRule noWallClock(String... packages) {
    return noClasses()
        .that()
        .resideInAnyPackage(packages)
        .should()
        .accessTargetWhere(
            DescribedPredicate.or(
                calls(System.class, "currentTimeMillis", "nanoTime"),
                access(
                    "a now(..) of a java.time type",
                    a ->
                        a.getTargetOwner().getPackageName().startsWith("java.time")
                            && List.of("now", "dateNow").contains(a.getName())),
                access(
                    "a system clock of java.time.Clock or InstantSource",
                    a ->
                        List.of("java.time.Clock", "java.time.InstantSource")
                                .contains(a.getTargetOwner().getName())
                            && (a.getName().startsWith("system")
                                || (a.getName().startsWith("tick") && parameterCount(a) == 1))),
                constructsWithoutArguments(java.util.Date.class),
                constructsWithoutArguments(java.util.GregorianCalendar.class),
                calls(java.util.Calendar.class, "getInstance")))
        .because(
            "the simulator runs on virtual time and replays seeds; a wall clock makes every run"
                + " different (inject a Clock, or take time from the event)");
  }

  /** Randomness comes in as a {@code RandomGenerator} or {@code SecureRandom} parameter. */
  public static ArchRule noRandomness(String... packages) {
    return noClasses()
        .that()
        .resideInAnyPackage(packages)
        .should()
        .accessTargetWhere(
            DescribedPredicate.or(
                constructs(
                    java.util.Random.class,
                    java.util.SplittableRandom.class,
                    java.security.SecureRandom.class),
                calls(java.security.SecureRandom.class, "getInstance", "getInstanceStrong"),
                calls(Math.class, "random"),
                calls(StrictMath.class, "random"),
                calls(java.util.UUID.class, "randomUUID"),
                calls(java.util.random.RandomGenerator.class, "of", "getDefault"),
                access(
                    "Collections.shuffle(list) with its hidden random source",
                    a ->
                        a.getTargetOwner().isEquivalentTo(Collections.class)
                            && a.getName().equals("shuffle")
                            && parameterCount(a) == 1),
                calls(org.bouncycastle.crypto.CryptoServicesRegistrar.class, "getSecureRandom")))
        .orShould()
        .dependOnClassesThat(
            nameStartsWith(
                "java.util.concurrent.ThreadLocalRandom",
                "java.util.random.RandomGeneratorFactory"))
        .because(
            "the simulator has one seeded random source and replays it; any other source of"
                + " randomness makes a failing seed unreproducible (take a RandomGenerator or"
                + " SecureRandom as a parameter)");
  }

  /** One thread owns a channel's core; the shell decides about threads. */
  public static ArchRule noThreads(String... packages) {
    return noClasses()
        .that()
        .resideInAnyPackage(packages)
        .should()
        .accessTargetWhere(
            DescribedPredicate.or(
                constructs(Thread.class),
                calls(Thread.class, "start", "sleep", "join", "yield", "onSpinWait")))
        .orShould()
        .beAssignableTo(Thread.class)
        .because(
            "the core is stepped by one thread and the simulator interleaves events itself;"
                + " threads and sleeps make the order of events depend on the scheduler");
  }

  /** Executors, futures, fork-join and timers: hidden threads and hidden clocks. */
  public static ArchRule noExecutors(String... packages) {
    return noClasses()
        .that()
        .resideInAnyPackage(packages)
        .should()
        .dependOnClassesThat(
            nameStartsWith(
                "java.util.concurrent.Executor",
                "java.util.concurrent.ScheduledExecutorService",
                "java.util.concurrent.AbstractExecutorService",
                "java.util.concurrent.ThreadPoolExecutor",
                "java.util.concurrent.ScheduledThreadPoolExecutor",
                "java.util.concurrent.CompletableFuture",
                "java.util.concurrent.CompletionStage",
                "java.util.concurrent.CompletionService",
                "java.util.concurrent.ForkJoin",
                "java.util.concurrent.Recursive",
                "java.util.concurrent.FutureTask",
                "java.util.concurrent.ThreadFactory",
                "java.util.concurrent.SubmissionPublisher",
                "java.util.Timer"))
        .because(
            "timers are events and work is an action carried out by the shell; an executor in the"
                + " core runs code on threads the simulator cannot control");
  }

  /** Synchronized methods. Synchronized blocks are found by {@link SynchronizedKeywordScan}. */
  public static ArchRule noSynchronizedMethods(String... packages) {
    return noMethods()
        .that()
        .areDeclaredInClassesThat()
        .resideInAnyPackage(packages)
        .should()
        .haveModifier(JavaModifier.SYNCHRONIZED)
        .because("the core is single-threaded by design; a monitor hides a second thread");
  }

  /** Locks, monitors and blocking synchronizers. */
  public static ArchRule noLocks(String... packages) {
    return noClasses()
        .that()
        .resideInAnyPackage(packages)
        .should()
        .dependOnClassesThat(
            nameStartsWith(
                "java.util.concurrent.locks.",
                "java.util.concurrent.Semaphore",
                "java.util.concurrent.CountDownLatch",
                "java.util.concurrent.CyclicBarrier",
                "java.util.concurrent.Phaser",
                "java.util.concurrent.Exchanger"))
        .orShould()
        .accessTargetWhere(
            access(
                "Object.wait/notify/notifyAll",
                a ->
                    List.of("wait()", "wait(long)", "wait(long, int)", "notify()", "notifyAll()")
                        .contains(signature(a))))
        .because(
            "the core is single-threaded by design; locks and monitors only make sense with a"
                + " second thread, and blocking makes progress depend on the scheduler");
  }

  /**
   * Hash-ordered collections. Their iteration order depends on hash codes (and for {@code Map.of} /
   * {@code Set.of} on a per-JVM random salt), so two validators could build different blocks.
   */
  public static ArchRule noHashOrderedCollections(String... packages) {
    return noClasses()
        .that()
        .resideInAnyPackage(packages)
        .should()
        .accessTargetWhere(
            DescribedPredicate.or(
                constructs(
                    java.util.HashMap.class,
                    java.util.HashSet.class,
                    java.util.Hashtable.class,
                    java.util.concurrent.ConcurrentHashMap.class,
                    java.util.IdentityHashMap.class,
                    java.util.WeakHashMap.class),
                calls(java.util.concurrent.ConcurrentHashMap.class, "newKeySet"),
                calls(java.util.Map.class, "of", "ofEntries", "copyOf"),
                calls(java.util.Set.class, "of", "copyOf"),
                calls(
                    java.util.stream.Collectors.class,
                    "toSet",
                    "toUnmodifiableSet",
                    "partitioningBy"),
                access(
                    "a Collectors map collector without a map factory",
                    a ->
                        a.getTargetOwner().isEquivalentTo(java.util.stream.Collectors.class)
                            && List.of(
                                    "toMap",
                                    "toUnmodifiableMap",
                                    "toConcurrentMap",
                                    "groupingBy",
                                    "groupingByConcurrent")
                                .contains(a.getName())
                            && !hasParameter(a, java.util.function.Supplier.class))))
        .because(
            "iteration order of hash-based collections differs between runs and JVMs; use"
                + " TreeMap/TreeSet, LinkedHashMap/LinkedHashSet, List.of, or pass a map factory");
  }

  /** Parallel streams and parallel array operations run on the common fork-join pool. */
  public static ArchRule noParallelStreams(String... packages) {
    return noClasses()
        .that()
        .resideInAnyPackage(packages)
        .should()
        .accessTargetWhere(
            DescribedPredicate.or(
                access(
                    "Collection.parallelStream()",
                    a ->
                        a.getName().equals("parallelStream")
                            && a.getTargetOwner().isAssignableTo(Collection.class)),
                access(
                    "BaseStream.parallel()",
                    a ->
                        a.getName().equals("parallel")
                            && a.getTargetOwner()
                                .isAssignableTo(java.util.stream.BaseStream.class)),
                access(
                    "Arrays.parallel*(..)",
                    a ->
                        a.getTargetOwner().isEquivalentTo(Arrays.class)
                            && a.getName().startsWith("parallel"))))
        .because(
            "parallel streams run on the common fork-join pool: hidden threads whose interleaving"
                + " the simulator cannot replay");
  }

  /** Identity hash codes differ between runs. */
  public static ArchRule noIdentityHashCode(String... packages) {
    return noClasses()
        .that()
        .resideInAnyPackage(packages)
        .should()
        .accessTargetWhere(calls(System.class, "identityHashCode"))
        .because("an identity hash code is an address-like number that differs on every run");
  }

  // ---------------------------------------------------------------------------------------------
  // House style (DESIGN §6): explicit wiring, no magic.

  /**
   * Field injection, by simple annotation name, so javax, jakarta, Guice and Spring are all covered
   * without any of them on the class path.
   */
  public static ArchRule noFieldInjection(String... packages) {
    return noFields()
        .that()
        .areDeclaredInClassesThat()
        .resideInAnyPackage(packages)
        .should()
        .beAnnotatedWith(
            DescribedPredicate.<JavaAnnotation<?>>describe(
                "an injection annotation (@Inject, @Autowired, @Resource)",
                annotation ->
                    List.of("Inject", "Autowired", "Resource")
                        .contains(annotation.getRawType().getSimpleName())))
        .because("objects are wired by explicit constructor calls in one place; no DI container");
  }

  /** Reflection and service loading in our own code. Libraries may use them. */
  public static ArchRule noReflection(String... packages) {
    return noClasses()
        .that()
        .resideInAnyPackage(packages)
        .should()
        .dependOnClassesThat(nameStartsWith("java.lang.reflect.", "java.util.ServiceLoader"))
        .orShould()
        .accessTargetWhere(
            DescribedPredicate.or(
                calls(
                    Class.class,
                    "forName",
                    "newInstance",
                    "getMethod",
                    "getMethods",
                    "getDeclaredMethod",
                    "getDeclaredMethods",
                    "getField",
                    "getFields",
                    "getDeclaredField",
                    "getDeclaredFields",
                    "getConstructor",
                    "getConstructors",
                    "getDeclaredConstructor",
                    "getDeclaredConstructors",
                    "getRecordComponents"),
                calls(java.lang.invoke.MethodHandles.class)))
        .because(
            "code is read, not discovered: explicit constructor wiring, no reflection or SPI magic");
  }

  /**
   * Every class of our own code is either pure or shell, so a new top-level package has to be
   * placed on one side (and so falls under the rules) before it can be merged.
   */
  public static ArchRule everyClassIsPureOrShell(
      String ownPackages, String[] purePackages, String[] shellPackages) {
    String[] known =
        Stream.concat(Arrays.stream(purePackages), Arrays.stream(shellPackages))
            .toArray(String[]::new);
    return classes()
        .that()
        .resideInAPackage(ownPackages)
        .should()
        .resideInAnyPackage(known)
        .because(
            "a package must be listed as pure or shell in ArchitectureRules so the right rules"
                + " apply to it");
  }

  // ---------------------------------------------------------------------------------------------
  // Predicates. An "access" is a call, a field access, or a method or constructor reference
  // (Foo::new, Math::random), so a ban cannot be slipped past by a method reference.

  private static DescribedPredicate<JavaAccess<?>> access(
      String description, Predicate<JavaAccess<?>> test) {
    return DescribedPredicate.describe(description, test);
  }

  /** Any member with one of the names (any member at all if none given) of exactly this owner. */
  private static DescribedPredicate<JavaAccess<?>> calls(Class<?> owner, String... names) {
    List<String> nameList = List.of(names);
    String description =
        owner.getSimpleName() + (names.length == 0 ? ".*" : "." + String.join("/", names));
    return access(
        description,
        a ->
            a.getTargetOwner().isEquivalentTo(owner)
                && !a.getName().equals(JavaConstructor.CONSTRUCTOR_NAME)
                && (nameList.isEmpty() || nameList.contains(a.getName())));
  }

  /** Construction of exactly one of these types (a subclass's super(..) call included). */
  private static DescribedPredicate<JavaAccess<?>> constructs(Class<?>... types) {
    List<Class<?>> typeList = List.of(types);
    return access(
        "new " + typeList.stream().map(Class::getSimpleName).toList(),
        a ->
            a.getName().equals(JavaConstructor.CONSTRUCTOR_NAME)
                && typeList.stream().anyMatch(type -> a.getTargetOwner().isEquivalentTo(type)));
  }

  private static DescribedPredicate<JavaAccess<?>> constructsWithoutArguments(Class<?> type) {
    return access(
        "new " + type.getSimpleName() + "()",
        a ->
            a.getName().equals(JavaConstructor.CONSTRUCTOR_NAME)
                && a.getTargetOwner().isEquivalentTo(type)
                && parameterCount(a) == 0);
  }

  private static int parameterCount(JavaAccess<?> access) {
    return access.getTarget() instanceof CodeUnitAccessTarget target
        ? target.getRawParameterTypes().size()
        : -1;
  }

  /** Name and parameter types, for example {@code wait(long, int)}; a field gives its name. */
  private static String signature(JavaAccess<?> access) {
    if (!(access.getTarget() instanceof CodeUnitAccessTarget target)) {
      return access.getName();
    }
    List<String> parameters =
        target.getRawParameterTypes().stream().map(JavaClass::getName).toList();
    return access.getName() + "(" + String.join(", ", parameters) + ")";
  }

  private static boolean hasParameter(JavaAccess<?> access, Class<?> type) {
    return access.getTarget() instanceof CodeUnitAccessTarget target
        && target.getRawParameterTypes().stream().anyMatch(p -> p.isEquivalentTo(type));
  }

  private static DescribedPredicate<JavaClass> nameStartsWith(String... prefixes) {
    List<String> prefixList = List.of(prefixes);
    return DescribedPredicate.describe(
        "have a name starting with " + prefixList,
        javaClass ->
            prefixList.stream().anyMatch(prefix -> javaClass.getName().startsWith(prefix)));
  }
}
