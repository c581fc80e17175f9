import java.io.File;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider;
import org.verapdf.pdfa.Foundries;
import org.verapdf.pdfa.PDFAParser;
import org.verapdf.pdfa.PDFAValidator;
import org.verapdf.pdfa.VeraPDFFoundry;
import org.verapdf.pdfa.flavours.PDFAFlavour;
import org.verapdf.pdfa.results.TestAssertion;
import org.verapdf.pdfa.results.ValidationResult;
import org.verapdf.pdfa.validation.profiles.Rule;
import org.verapdf.pdfa.validation.profiles.RuleId;

/**
 * Validates PDF files against the veraPDF PDF/UA-1 profile and prints one JSON array on stdout.
 *
 * <p>Usage: {@code java -cp <verapdf jar>:<dir> VeraDriver [--flavour ua1] file.pdf...}. Each
 * element is {@code {"file", "flavour", "compliant", "totalAssertions", "failedRules": [{"clause",
 * "testNumber", "specification", "description", "failedChecks", "message", "context"}], "error"}}.
 * The exit code is 0 when every file was validated (compliant or not), 2 on a usage error and 1
 * when some file could not be read or parsed (its "error" member says why).
 */
public final class VeraDriver {
    private VeraDriver() {}

    public static void main(String[] args) {
        Logger.getLogger("").setLevel(Level.SEVERE);
        List<String> files = new ArrayList<>();
        PDFAFlavour flavour = PDFAFlavour.PDFUA_1;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--flavour") && i + 1 < args.length) {
                flavour = PDFAFlavour.fromString(args[++i]);
            } else {
                files.add(args[i]);
            }
        }
        if (files.isEmpty()) {
            System.err.println("usage: VeraDriver [--flavour ua1] file.pdf...");
            System.exit(2);
        }
        VeraGreenfieldFoundryProvider.initialise();
        StringBuilder out = new StringBuilder("[");
        boolean allRead = true;
        for (int i = 0; i < files.size(); i++) {
            String json;
            try {
                json = validate(new File(files.get(i)), flavour);
            } catch (Exception | LinkageError e) {
                allRead = false;
                json = errorJson(files.get(i), flavour, e);
            }
            out.append(i == 0 ? "\n  " : ",\n  ").append(json);
        }
        System.out.println(out.append("\n]"));
        System.exit(allRead ? 0 : 1);
    }

    private static String validate(File file, PDFAFlavour flavour) throws Exception {
        try (VeraPDFFoundry foundry = Foundries.defaultInstance();
                InputStream in = Files.newInputStream(file.toPath());
                PDFAParser parser = foundry.createParser(in, flavour);
                PDFAValidator validator = foundry.createValidator(flavour, false)) {
            ValidationResult result = validator.validate(parser);
            return resultJson(file.getPath(), flavour, result);
        }
    }

    private static String resultJson(String path, PDFAFlavour flavour, ValidationResult result) {
        Map<RuleId, TestAssertion> firstFailure = new LinkedHashMap<>();
        for (TestAssertion a : result.getTestAssertions()) {
            if (a.getStatus() == TestAssertion.Status.FAILED) {
                firstFailure.putIfAbsent(a.getRuleId(), a);
            }
        }
        List<String> rules = new ArrayList<>();
        for (Map.Entry<RuleId, Integer> e : result.getFailedChecks().entrySet()) {
            rules.add(ruleJson(result, e.getKey(), e.getValue(), firstFailure.get(e.getKey())));
        }
        return "{\"file\": " + str(path)
                + ", \"flavour\": " + str(flavour.getId())
                + ", \"compliant\": " + result.isCompliant()
                + ", \"totalAssertions\": " + result.getTotalAssertions()
                + ", \"failedRules\": [" + String.join(", ", rules) + "]"
                + ", \"error\": null}";
    }

    private static String ruleJson(ValidationResult result, RuleId id, int count, TestAssertion first) {
        Rule rule = result.getValidationProfile() == null
                ? null : result.getValidationProfile().getRuleByRuleId(id);
        String message = first == null ? null
                : first.getErrorMessage() != null ? first.getErrorMessage() : first.getMessage();
        String context = first == null || first.getLocation() == null
                ? null : first.getLocation().getContext();
        return "{\"clause\": " + str(id.getClause())
                + ", \"testNumber\": " + id.getTestNumber()
                + ", \"specification\": " + str(String.valueOf(id.getSpecification()))
                + ", \"description\": " + str(rule == null ? null : rule.getDescription())
                + ", \"failedChecks\": " + count
                + ", \"message\": " + str(message)
                + ", \"context\": " + str(context) + "}";
    }

    private static String errorJson(String path, PDFAFlavour flavour, Throwable e) {
        return "{\"file\": " + str(path)
                + ", \"flavour\": " + str(flavour.getId())
                + ", \"compliant\": false, \"totalAssertions\": 0, \"failedRules\": []"
                + ", \"error\": " + str(e.getClass().getName() + ": " + e.getMessage()) + "}";
    }

    private static String str(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                case '\n': b.append("\\n"); break;
                case '\r': b.append("\\r"); break;
                case '\t': b.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
            }
        }
        return b.append('"').toString();
    }
}
