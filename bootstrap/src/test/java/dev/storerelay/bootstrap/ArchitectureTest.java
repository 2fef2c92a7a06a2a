package dev.storerelay.bootstrap;

import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import java.util.Timer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Exchanger;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Phaser;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;


import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.onionArchitecture;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_FIELD_INJECTION;

/**
 * docs/ARCHITECTURE.md, *Modules*, as executable rules: dependencies point inward only, and no adapter depends on
 * another.
 */
@AnalyzeClasses(packages = "dev.storerelay", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule dependencies_point_inward = onionArchitecture()
            .domainModels("dev.storerelay.domain.model..")
            .domainServices("dev.storerelay.domain.policy..")
            .applicationServices("dev.storerelay.application..")
            .adapter("persistence", "dev.storerelay.adapter.persistence..")
            .adapter("relay", "dev.storerelay.adapter.relay..")
            .adapter("oauth2", "dev.storerelay.adapter.oauth2..")
            .adapter("web", "dev.storerelay.adapter.web..")
            .adapter("management", "dev.storerelay.adapter.management..")
            .adapter("delivery runtime", "dev.storerelay.delivery..")
            .ignoreDependency(resideInAPackage("dev.storerelay.bootstrap.."), alwaysTrue());

    @ArchTest
    static final ArchRule domain_uses_only_the_jdk = classes()
            .that().resideInAPackage("dev.storerelay.domain..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.storerelay.domain..", "java..");

    @ArchTest
    static final ArchRule application_uses_only_the_jdk_and_the_domain = classes()
            .that().resideInAPackage("dev.storerelay.application..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.storerelay.application..", "dev.storerelay.domain..",
                    "java..", "javax.crypto..");

    @ArchTest
    static final ArchRule every_class_is_in_a_known_layer = classes()
            .that().resideInAPackage("dev.storerelay..")
            .should().resideInAnyPackage("dev.storerelay.domain.model..", "dev.storerelay.domain.policy..",
                    "dev.storerelay.application..", "dev.storerelay.adapter.persistence..", "dev.storerelay.adapter.relay..",
                    "dev.storerelay.adapter.oauth2..", "dev.storerelay.adapter.web..", "dev.storerelay.adapter.management..",
                    "dev.storerelay.delivery..", "dev.storerelay.bootstrap..");

    /**
     * The application's use cases run on the caller's thread: every thread the process starts has an owner outside it
     * that starts, drains and stops it (docs/ARCHITECTURE.md lists them). A delay goes through {@code RunLaterPort}.
     */
    @ArchTest
    static final ArchRule application_starts_no_threads = noClasses()
            .that().resideInAPackage("dev.storerelay.application..")
            .should().callConstructorWhere(target(owner(assignableTo(Thread.class))))
            .orShould().callMethod(Thread.class, "start")
            .orShould().dependOnClassesThat(assignableTo(Executor.class).or(belongToAnyOf(Executors.class,
                    ThreadFactory.class, Timer.class, ForkJoinPool.class)));

    /**
     * Nor do they hold locks: what must happen as one is the database's (a transaction, a row lock), and what
     * coordinates threads is the delivery runtime's ({@code dev.storerelay.delivery}). Thread-safe state they keep
     * lives in {@code java.util.concurrent} maps and atomics. Synchronized blocks are invisible to ArchUnit:
     * {@link ApplicationSourceTest} looks for them in the source.
     */
    @ArchTest
    static final ArchRule application_holds_no_locks = noClasses()
            .that().resideInAPackage("dev.storerelay.application..")
            .should().dependOnClassesThat().resideInAPackage("java.util.concurrent.locks..")
            .orShould().dependOnClassesThat(belongToAnyOf(Semaphore.class, CountDownLatch.class, CyclicBarrier.class,
                    Phaser.class, Exchanger.class))
            .orShould().callMethod(Object.class, "wait")
            .orShould().callMethod(Object.class, "wait", long.class)
            .orShould().callMethod(Object.class, "notify")
            .orShould().callMethod(Object.class, "notifyAll");

    @ArchTest
    static final ArchRule application_has_no_synchronized_methods = methods()
            .that().areDeclaredInClassesThat().resideInAPackage("dev.storerelay.application..")
            .should().notHaveModifier(JavaModifier.SYNCHRONIZED);

    @ArchTest
    static final ArchRule no_field_injection = NO_CLASSES_SHOULD_USE_FIELD_INJECTION;
}
