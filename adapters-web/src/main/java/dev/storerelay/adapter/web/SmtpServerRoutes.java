package dev.storerelay.adapter.web;

import dev.storerelay.application.port.Outcome;
import dev.storerelay.application.port.in.ManageOrgUnitsUseCase;
import dev.storerelay.application.port.in.ResolveStoreSettingsUseCase;
import dev.storerelay.application.port.in.ResolvedSettings;
import dev.storerelay.application.port.in.SmtpTestReport;
import dev.storerelay.application.port.in.TestSmtpConnectionUseCase;
import dev.storerelay.application.port.in.UpdateUnitSettingsUseCase;
import dev.storerelay.domain.model.ConnectionPlan;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.OAuth2Grant;
import dev.storerelay.domain.model.OAuth2Settings;
import dev.storerelay.domain.model.OrgUnit;
import dev.storerelay.domain.model.Provenance;
import dev.storerelay.domain.model.ServerTrust;
import dev.storerelay.domain.model.SmtpConnection;
import dev.storerelay.domain.model.Sourced;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UnitSettings;
import dev.storerelay.domain.model.Violation;
import gg.jte.Content;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code /admin/setup/settings/communication/smtp-server}: show, save, inherit and test a unit's SMTP settings. */
final class SmtpServerRoutes {
    /** A violation of one entry of a list field, e.g. {@code trust.pinnedSha256[1]}. */
    private static final Pattern LIST_ENTRY = Pattern.compile("(.+)\\[(\\d+)]");

    private final ManageOrgUnitsUseCase units;
    private final UpdateUnitSettingsUseCase settings;
    private final ResolveStoreSettingsUseCase resolver;
    private final TestSmtpConnectionUseCase tester;
    private final boolean behindTls;
    private final String systemDefaultSender;

    /**
     * @param behindTls           the admin is reached over HTTPS through a TLS proxy ({@link WebConfig#secureCookies()})
     * @param systemDefaultSender {@link WebConfig#defaultSender()}
     */
    SmtpServerRoutes(ManageOrgUnitsUseCase units, UpdateUnitSettingsUseCase settings, ResolveStoreSettingsUseCase resolver,
                     TestSmtpConnectionUseCase tester, boolean behindTls, String systemDefaultSender) {
        this.units = units;
        this.settings = settings;
        this.resolver = resolver;
        this.tester = tester;
        this.behindTls = behindTls;
        this.systemDefaultSender = Objects.requireNonNull(systemDefaultSender, "systemDefaultSender");
    }

    void show(Context ctx) {
        String unitText = ctx.queryParam("unit");
        if (unitText == null || unitText.isEmpty()) {
            Content tree = UnitTreeView.tree(units.listUnits(), AdminLayout.SMTP_SERVER, null, ctx.queryParam("q"));
            ctx.html(AdminLayout.page("SMTP Server", AdminLayout.SMTP_BREADCRUMB, AdminPageAccess.session(ctx),
                    Templates.content("smtpServerChoose.jte", Templates.params("tree", tree))));
            return;
        }
        OrgUnit unit = unit(unitText);
        String notice = ctx.queryParam("saved") != null ? "The settings are saved."
                : ctx.queryParam("inherited") != null ? "This unit inherits all settings again." : null;
        ctx.html(render(ctx, unit, stored(unit.id()), Map.of(), notice, null, null, null));
    }

    void save(Context ctx) {
        OrgUnit unit = unit(ctx.formParam("unit"));
        SmtpServerPage.Values values = keepInheritedEncryption(unit.id(), SmtpServerForm.values(ctx));
        Outcome outcome = settings.updateSettings(unit.id(), SmtpServerForm.toForm(ctx, values));
        if (outcome instanceof Outcome.Done) {
            ctx.redirect(AdminLayout.SMTP_SERVER + "?unit=" + unit.id() + "&saved=1", HttpStatus.SEE_OTHER);
            return;
        }
        if (outcome instanceof Outcome.Invalid invalid) {
            ctx.status(400).html(render(ctx, unit, values, pageErrors(invalid.violations()),
                    "The settings were not saved: correct the marked fields.", null, null, null));
            return;
        }
        throw AdminPageException.notFound("There is no unit " + unit.id() + ".");
    }

    /**
     * A unit that inherits its connection and gets a server of its own keeps the encryption the form showed in effect
     * ("Inherited: StartTLS") when the admin left that choice alone, rather than falling back to the default, None.
     */
    private SmtpServerPage.Values keepInheritedEncryption(UnitId unit, SmtpServerPage.Values values) {
        boolean optionLeftAlone = values.secureSocketOptions() == null || values.secureSocketOptions().isBlank();
        boolean ownServerNow = values.serverAddress() != null && !values.serverAddress().isBlank();
        if (!optionLeftAlone || !ownServerNow
                || settings.ownSettings(unit).map(own -> own.connection() != null).orElse(true)) {
            return values;
        }
        return resolver.resolve(unit).flatMap(r -> r.settings().effectiveConnection())
                .map(c -> values.withSecureSocketOptions(c.value().secureSocketOptions().name())).orElse(values);
    }

    void inherit(Context ctx) {
        OrgUnit unit = unit(ctx.formParam("unit"));
        if (!(settings.clearSettings(unit.id()) instanceof Outcome.Done)) {
            throw AdminPageException.notFound("There is no unit " + unit.id() + ".");
        }
        ctx.redirect(AdminLayout.SMTP_SERVER + "?unit=" + unit.id() + "&inherited=1", HttpStatus.SEE_OTHER);
    }

    void test(Context ctx) {
        OrgUnit unit = unit(ctx.formParam("unit"));
        String recipient = ctx.formParam(SmtpTestView.RECIPIENT);
        recipient = recipient == null ? "" : recipient.strip();
        if (!recipient.isEmpty() && !EmailAddress.isValid(recipient)) {
            ctx.status(400).html(render(ctx, unit, stored(unit.id()), Map.of(), null, recipient,
                    "Enter an email address, or leave the field empty to test the connection only.", null));
            return;
        }
        SmtpTestReport report = tester.test(unit.id(), recipient.isEmpty() ? null : new EmailAddress(recipient))
                .orElseThrow(() -> AdminPageException.notFound("There is no unit " + unit.id() + "."));
        ctx.html(render(ctx, unit, stored(unit.id()), Map.of(), null, recipient, null, report));
    }

    /**
     * A {@code GET} of the test's address (the result page reloaded from the address bar, or opened again later): there
     * is no result to show without running the test, so back to the unit's SMTP Server page, at the test form.
     */
    void testByGet(Context ctx) {
        String unit = ctx.queryParam("unit");
        boolean known = unit != null && UnitId.isValid(unit) && units.listUnits().stream().anyMatch(u -> u.id().value().equals(unit));
        ctx.redirect(known ? AdminLayout.SMTP_SERVER + "?unit=" + unit + "#" + SmtpTestView.FORM_ID : AdminLayout.SMTP_SERVER,
                HttpStatus.SEE_OTHER);
    }

    private String render(Context ctx, OrgUnit unit, SmtpServerPage.Values values, Map<String, String> errors,
                          String notice, String recipient, String recipientError, SmtpTestReport report) {
        AdminSessions.Session session = AdminPageAccess.session(ctx);
        ResolvedSettings resolved = resolver.resolve(unit.id())
                .orElseThrow(() -> AdminPageException.notFound("There is no unit " + unit.id() + "."));
        UnitSettings own = settings.ownSettings(unit.id()).orElse(UnitSettings.INHERIT_ALL);
        // The placeholder shows what an empty field means: the inherited sender, else the system default sender.
        String defaultSender = resolved.settings().outgoingEmailAddress().value().value();
        EmailAddress sender = resolved.settings().outgoingEmailAddress().value();
        Content form = SmtpServerPage.form(new SmtpServerPage.Context(unit, session, values, SmtpServerPage.SecretsSet.of(own), errors,
                SettingsSources.of(unit.id(), resolved), defaultSender,
                signInOffer(unit.id(), own, resolved, session.user().canSetup()),
                OAuth2SignInRoutes.redirectUri(ctx, behindTls).map(URI::toString)
                        .orElse("(unknown: open this page by its address)"),
                own.connection() == null ? inherited(unit.id(), resolved) : null, systemDefaultSender));
        SmtpServerPage.Page page = new SmtpServerPage.Page(unit.id().value(), session.user().canSetup(), notice,
                !errors.isEmpty(), UnitTreeView.tree(units.listUnits(), AdminLayout.SMTP_SERVER, unit.id(), ctx.queryParam("q")),
                report != null || recipientError != null ? SmtpTestView.result(report, recipientError) : output -> { },
                ProviderWarningView.warning(unit.id(), resolved),
                sender.domain().equalsIgnoreCase("localhost") ? SmtpSettingsHelp.localhostSenderWarning(sender.value()) : null,
                form, EffectiveSettingsView.summary(resolved),
                SmtpTestView.section(unit.id().value(), session, recipient, recipientError));
        return AdminLayout.page("SMTP Server", AdminLayout.SMTP_BREADCRUMB, session,
                Templates.content("smtpServer.jte", Templates.params("page", page)));
    }

    /**
     * "Sign in with …" where the unit itself keeps a refresh token (the unit that defines the connection block), and
     * a note where not: an inherited block is signed in for on its own unit's page.
     */
    private static OAuth2FieldsView.SignInOffer signInOffer(UnitId unit, UnitSettings own, ResolvedSettings resolved,
                                                            boolean canSetup) {
        OAuth2Settings oauth2 = own.ownConnection().flatMap(SmtpConnection::ownOAuth2).orElse(null);
        if (oauth2 != null && oauth2.grant() == OAuth2Grant.REFRESH_TOKEN) {
            if (oauth2.effectiveAuthorizationEndpoint().isEmpty()) {
                return OAuth2FieldsView.SignInOffer.note("To sign in here, enter the provider's sign-in page and save; "
                        + "or paste a refresh token.");
            }
            if (!canSetup) {
                return OAuth2FieldsView.SignInOffer.note("Signing in requires the setup permission.");
            }
            return OAuth2FieldsView.SignInOffer.link(OAuth2SettingsHelp.signInLabel(oauth2.provider()),
                    OAuth2SignInRoutes.START + "?unit=" + unit);
        }
        Sourced<SmtpConnection> effective = resolved.settings().effectiveConnection().orElse(null);
        if (own.connection() == null && effective != null && effective.value().oauth2() != null
                && effective.value().oauth2().grant() == OAuth2Grant.REFRESH_TOKEN
                && effective.source() instanceof Provenance.FromUnit from) {
            return OAuth2FieldsView.SignInOffer.note("The refresh token belongs to " + from.unitName() + " ("
                    + from.unitId() + "), whose connection this unit inherits: sign in on that unit's page.");
        }
        return OAuth2FieldsView.SignInOffer.note(OAuth2SettingsHelp.SIGN_IN_FIRST);
    }

    /** What a unit without a connection block of its own has in effect, and from which unit. */
    private static SmtpServerPage.Inherited inherited(UnitId unit, ResolvedSettings resolved) {
        Sourced<SmtpConnection> effective = resolved.settings().effectiveConnection().orElse(null);
        ConnectionPlan plan = resolved.connectionPlan().orElse(null);
        if (effective == null || plan == null || !(effective.source() instanceof Provenance.FromUnit from)
                || from.unitId().equals(unit)) {
            return SmtpServerPage.Inherited.NOTHING;
        }
        SmtpConnection c = effective.value();
        return new SmtpServerPage.Inherited(from.unitName(), c.serverAddress().value(), plan.port(), c.login(),
                c.secureSocketOptions(), c.authentication().name());
    }

    /** Field name to message as the form shows them: the errors of a list's entries next to the list's field. */
    static Map<String, String> pageErrors(List<Violation> violations) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (Violation v : violations) {
            Matcher entry = LIST_ENTRY.matcher(v.field());
            String field = entry.matches() ? entry.group(1) : v.field();
            String message = entry.matches() ? (field.equals(ServerTrust.PINNED_SHA256) ? "Fingerprint " : "Entry ")
                    + (Integer.parseInt(entry.group(2)) + 1) + ": " + v.message() : v.message();
            fields.merge(field, message, (a, b) -> a + " " + b);
        }
        return fields;
    }

    private SmtpServerPage.Values stored(UnitId id) {
        return SmtpServerPage.Values.of(settings.ownSettings(id).orElse(UnitSettings.INHERIT_ALL));
    }

    private OrgUnit unit(String text) {
        return QueryParams.existingUnit(units.listUnits(), text);
    }
}
