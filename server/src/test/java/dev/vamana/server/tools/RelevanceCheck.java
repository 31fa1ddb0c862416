package dev.vamana.server.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Relevance sanity check over HTTP (a benchmark tool, not a test): for each query text, searches a collection
 * that holds a line corpus ingested with {@code --lines}, maps the result paths {@code ...#L<n>} to base row
 * n-1, and prints recall@10 against the ground truth of the vector dataset.
 *
 * <pre>RelevanceCheck URL COLLECTION QUERIES.txt GROUNDTRUTH.ivecs [vector|hybrid]</pre>
 */
public final class RelevanceCheck {
    private static final Pattern LINE = Pattern.compile("#L(\\d+)$");

    public static void main(String[] args) throws Exception {
        String url = args[0].replaceAll("/$", "") + "/collections/" + args[1] + "/search";
        List<String> queries = Files.readAllLines(Path.of(args[2]));
        String mode = args.length > 4 ? args[4] : "vector";
        int[][] gt = DatasetFiles.ints(Path.of(args[3]));
        ObjectMapper json = new ObjectMapper();
        HttpClient http = HttpClient.newHttpClient();
        double sum = 0;
        int n = Math.min(queries.size(), gt.length);
        for (int q = 0; q < n; q++) {
            String body = json.writeValueAsString(java.util.Map.of("query", queries.get(q), "k", 10, "mode", mode));
            var res = http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() != 200) throw new IllegalStateException("query " + q + ": HTTP " + res.statusCode() + " " + res.body());
            Set<Integer> truth = new HashSet<>();
            for (int i = 0; i < 10; i++) truth.add(gt[q][i]);
            int hit = 0;
            for (JsonNode r : json.readTree(res.body()).get("results")) {
                Matcher m = LINE.matcher(r.get("path").asText());
                if (m.find() && truth.contains(Integer.parseInt(m.group(1)) - 1)) hit++;
            }
            sum += hit / 10.0;
        }
        System.out.printf("queries=%d mode=%s recall@10=%.4f%n", n, mode, sum / n);
    }
}
