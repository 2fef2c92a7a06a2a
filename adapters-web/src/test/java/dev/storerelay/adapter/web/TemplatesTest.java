package dev.storerelay.adapter.web;

import dev.storerelay.application.port.in.SmtpTestReport;
import dev.storerelay.domain.model.OrgUnit;
import dev.storerelay.domain.model.UnitId;
import gg.jte.output.StringOutput;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The templates print unit names and server replies as text, in element content and in attributes alike. */
class TemplatesTest {
    private static final String HOSTILE = "\"><script>alert('x')</script>";

    @Test
    void aHostileUnitNameShowsAsTextInTheTreeAndItsSearchAttribute() {
        List<OrgUnit> units = List.of(new OrgUnit(new UnitId("acme"), HOSTILE, null));

        String html = render(UnitTreeView.tree(units, AdminLayout.UNITS, new UnitId("acme"), "script"));

        assertThat(html).doesNotContain("<script>")
                .contains(">\"&gt;&lt;script&gt;alert('x')&lt;/script&gt; (acme)</a>",
                        "data-search=\"&#34;>&lt;script>alert(&#39;x&#39;)&lt;/script> acme\"",
                        "Units matching \u201cscript\u201d.");
    }

    @Test
    void aHostileServerReplyShowsAsTextInTheTestTranscript() {
        SmtpTestReport report = new SmtpTestReport(false, "the server refused", "mail.example.com:25", null, null,
                List.of(new SmtpTestReport.TranscriptLine(SmtpTestReport.Direction.SERVER, "550 <img src=x onerror=alert(1)>")),
                List.of(), null);

        String html = render(SmtpTestView.result(report, null));

        assertThat(html).doesNotContain("<img").contains("<span class=\"server\">SERVER 550 &lt;img src=x onerror=alert(1)&gt;");
    }

    private static String render(gg.jte.Content content) {
        StringOutput out = new StringOutput();
        content.writeTo(out);
        return out.toString();
    }
}
