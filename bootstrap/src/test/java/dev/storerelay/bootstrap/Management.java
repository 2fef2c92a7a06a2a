package dev.storerelay.bootstrap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/** The relay's management listener as a prober and Prometheus see it: plain HTTP GETs on loopback. */
final class Management {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final int port;

    Management(int port) {
        this.port = port;
    }

    record Response(int status, String contentType, String body) {
    }

    Response get(String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Scrape scrape() {
        Response response = get("/metrics");
        if (response.status() != 200) {
            throw new AssertionError("/metrics answered " + response.status() + ": " + response.body());
        }
        return Scrape.parse(response.body());
    }

    /** One exposition in the Prometheus text format: each sample by name and labels. */
    record Scrape(String text, List<Sample> samples) {

        record Sample(String name, Map<String, String> labels, double value) {
        }

        static Scrape parse(String text) {
            List<Sample> samples = new ArrayList<>();
            for (String line : text.split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                samples.add(sample(line));
            }
            return new Scrape(text, List.copyOf(samples));
        }

        /** The value of the sample with exactly these labels, if there is one. */
        OptionalDouble value(String name, Map<String, String> labels) {
            return samples.stream().filter(s -> s.name().equals(name) && s.labels().equals(labels))
                    .mapToDouble(Sample::value).findFirst();
        }

        OptionalDouble value(String name) {
            return value(name, Map.of());
        }

        /** The value of the sample; fails the test when there is none. */
        double require(String name, Map<String, String> labels) {
            return value(name, labels).orElseThrow(() -> new AssertionError("no sample " + name + labels));
        }

        double require(String name) {
            return require(name, Map.of());
        }

        /** Every sample of the metric, e.g. each store's. */
        List<Sample> all(String name) {
            return samples.stream().filter(s -> s.name().equals(name)).toList();
        }

        private static Sample sample(String line) {
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            if (brace < 0 || brace > space) {
                return new Sample(line.substring(0, space), Map.of(), number(line.substring(space + 1)));
            }
            String name = line.substring(0, brace);
            Map<String, String> labels = new LinkedHashMap<>();
            int i = brace + 1;
            while (line.charAt(i) != '}') {
                int equals = line.indexOf('=', i);
                String label = line.substring(i, equals);
                StringBuilder value = new StringBuilder();
                int j = equals + 2;                                    // past ="
                for (; line.charAt(j) != '"'; j++) {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char escaped = line.charAt(++j);
                        value.append(escaped == 'n' ? '\n' : escaped);
                    } else {
                        value.append(c);
                    }
                }
                labels.put(label, value.toString());
                i = j + 1;
                if (line.charAt(i) == ',') {
                    i++;
                }
            }
            return new Sample(name, labels, number(line.substring(line.indexOf(' ', i) + 1).strip()));
        }

        private static double number(String text) {
            return switch (text) {
                case "+Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                default -> Double.parseDouble(text);
            };
        }
    }
}
