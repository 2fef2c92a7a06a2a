package dev.storerelay.adapter.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HtmlTest {

    @Test
    void textAndAttributeValuesAreEscaped() {
        String html = new Html().el("p", "<script>alert('x')</script> & \"", "title", "\"><img src=x onerror=alert(1)>")
                .toString();

        assertThat(html).isEqualTo("<p title=\"&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\">"
                + "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;</p>");
    }

    @Test
    void nullAttributesAreLeftOutAndNullTextIsEmpty() {
        assertThat(new Html().el("option", null, "value", "A", "selected", Html.flag(false, "selected")).toString())
                .isEqualTo("<option value=\"A\"></option>");
        assertThat(new Html().open("input", "disabled", Html.flag(true, "disabled")).toString())
                .isEqualTo("<input disabled=\"disabled\">");
    }

    @Test
    void attributesComeInPairs() {
        assertThatThrownBy(() -> new Html().open("p", "class")).isInstanceOf(IllegalArgumentException.class);
    }
}
