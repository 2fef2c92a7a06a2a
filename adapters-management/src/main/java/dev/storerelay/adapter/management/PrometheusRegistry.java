package dev.storerelay.adapter.management;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.Set;

/**
 * The relay's one registry, in Prometheus's format, kept to what {@code promtool check metrics} accepts. Two meters of
 * Micrometer's {@code ProcessorMetrics} break its naming rules and are left out: {@code process.cpu.time} (exported
 * in nanoseconds as {@code process_cpu_time_ns_total}) is replaced by Prometheus's own
 * {@code process_cpu_seconds_total}, and {@code system.cpu.count} (a gauge ending in {@code _count}) by nothing:
 * {@code jvm_info} and the host's exporter tell the processors.
 */
final class PrometheusRegistry {
    static final Set<String> LEFT_OUT = Set.of("process.cpu.time", "system.cpu.count");
    static final String PROCESS_CPU = "process.cpu";
    private static final double NANOS_PER_SECOND = 1e9;

    private PrometheusRegistry() {
    }

    static PrometheusMeterRegistry create() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(MeterFilter.deny(id -> LEFT_OUT.contains(id.getName())));
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean process) {
            FunctionCounter.builder(PROCESS_CPU, process, p -> p.getProcessCpuTime() / NANOS_PER_SECOND)
                    .baseUnit("seconds").description("CPU time the relay's process has used").register(registry);
        }
        return registry;
    }
}
