package dev.storerelay.adapter.management;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.Map;
import java.util.Set;

/**
 * The relay's one registry, in Prometheus's format, kept to what {@code promtool check metrics} accepts. Two meters of
 * Micrometer's {@code ProcessorMetrics} break its naming rules and are left out: {@code process.cpu.time} (exported
 * in nanoseconds as {@code process_cpu_time_ns_total}) is replaced by Prometheus's own
 * {@code process_cpu_seconds_total}, and {@code system.cpu.count} (a gauge ending in {@code _count}) by nothing:
 * {@code jvm_info} and the host's exporter tell the processors. A meter without a description (Micrometer's Netty
 * event loop gauges) gets one, since promtool wants a help text for every metric.
 */
final class PrometheusRegistry {
    static final Set<String> LEFT_OUT = Set.of("process.cpu.time", "system.cpu.count");
    static final String PROCESS_CPU = "process.cpu";
    /** Help texts for the libraries' meters that come without one. */
    static final Map<String, String> DESCRIPTIONS = Map.of(
            "netty.eventexecutor.tasks.pending", "Tasks waiting in the queue of one of the SMTP listener's event loops",
            "netty.eventexecutor.workers", "Event loops of the SMTP listener");
    private static final double NANOS_PER_SECOND = 1e9;

    private PrometheusRegistry() {
    }

    static PrometheusMeterRegistry create() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(MeterFilter.deny(id -> LEFT_OUT.contains(id.getName())))
                .meterFilter(new MeterFilter() {
                    @Override
                    public Meter.Id map(Meter.Id id) {
                        if (id.getDescription() != null && !id.getDescription().isBlank()) {
                            return id;
                        }
                        return new Meter.Id(id.getName(), Tags.of(id.getTagsAsIterable()), id.getBaseUnit(),
                                DESCRIPTIONS.getOrDefault(id.getName(), id.getName()), id.getType());
                    }
                });
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean process) {
            FunctionCounter.builder(PROCESS_CPU, process, p -> p.getProcessCpuTime() / NANOS_PER_SECOND)
                    .baseUnit("seconds").description("CPU time the relay's process has used").register(registry);
        }
        return registry;
    }
}
