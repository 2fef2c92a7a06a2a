package dev.storerelay.adapter.web;

import dev.storerelay.application.port.Outcome;
import dev.storerelay.application.port.in.ManageOrgUnitsUseCase;
import dev.storerelay.application.port.in.ResolveStoreSettingsUseCase;
import dev.storerelay.application.port.in.ResolvedSettings;
import dev.storerelay.application.port.in.SmtpTestReport;
import dev.storerelay.application.port.in.TestSmtpConnectionUseCase;
import dev.storerelay.application.port.in.UpdateUnitSettingsUseCase;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.OrgUnit;
import dev.storerelay.domain.model.PasswordChange;
import dev.storerelay.domain.model.Secret;
import dev.storerelay.domain.model.SmtpSettingsForm;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UnitSettings;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

import java.util.List;
import java.util.Map;

/** {@code /admin/setup/settings/communication/smtp-server}: show, save, inherit and test a unit's SMTP settings. */
final class SmtpServerRoutes {
    private final ManageOrgUnitsUseCase units;
    private final UpdateUnitSettingsUseCase settings;
    private final ResolveStoreSettingsUseCase resolver;
    private final TestSmtpConnectionUseCase tester;

    SmtpServerRoutes(ManageOrgUnitsUseCase units, UpdateUnitSettingsUseCase settings, ResolveStoreSettingsUseCase resolver,
                     TestSmtpConnectionUseCase tester) {
        this.units = units;
        this.settings = settings;
        this.resolver = resolver;
        this.tester = tester;
    }

    void show(Context ctx) {
        String unitText = ctx.queryParam("unit");
        if (unitText == null || unitText.isEmpty()) {
            Html h = new Html().el("p", SmtpSettingsHelp.INTRO).el("p", SmtpSettingsHelp.PER_UNIT)
                    .el("p", "Choose the unit whose settings you want to see or change.");
            h.append(UnitTreeView.tree(units.listUnits(), AdminLayout.SMTP_SERVER, null));
            ctx.html(AdminLayout.page("SMTP Server", AdminLayout.SMTP_BREADCRUMB, AdminPageAccess.session(ctx), h));
            return;
        }
        OrgUnit unit = unit(unitText);
        String notice = ctx.queryParam("saved") != null ? "The settings are saved."
                : ctx.queryParam("inherited") != null ? "This unit inherits all settings again." : null;
        ctx.html(render(ctx, unit, stored(unit.id()), Map.of(), notice, null, null, null));
    }

    void save(Context ctx) {
        OrgUnit unit = unit(ctx.formParam("unit"));
        SmtpServerPage.Values values = new SmtpServerPage.Values(ctx.formParam("serverAddress"), ctx.formParam("port"),
                ctx.formParam("login"), ctx.formParam("secureSocketOptions"), ctx.formParam("outgoingEmailAddress"));
        String password = ctx.formParam("password");
        PasswordChange change = ctx.formParam(SmtpServerPage.CLEAR_PASSWORD) != null ? new PasswordChange.Clear()
                : password == null || password.isEmpty() ? new PasswordChange.Keep()
                : new PasswordChange.Replace(new Secret(password));
        Outcome outcome = settings.updateSettings(unit.id(), new SmtpSettingsForm(values.serverAddress(), values.port(),
                values.login(), change, values.secureSocketOptions(), values.outgoingEmailAddress()));
        if (outcome instanceof Outcome.Done) {
            ctx.redirect(AdminLayout.SMTP_SERVER + "?unit=" + unit.id() + "&saved=1", HttpStatus.SEE_OTHER);
            return;
        }
        if (outcome instanceof Outcome.Invalid invalid) {
            ctx.status(400).html(render(ctx, unit, values, ApiException.fieldMessages(invalid.violations()),
                    "The settings were not saved: correct the marked fields.", null, null, null));
            return;
        }
        throw AdminPageException.notFound("There is no unit " + unit.id() + ".");
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

    private String render(Context ctx, OrgUnit unit, SmtpServerPage.Values values, Map<String, String> errors,
                          String notice, String recipient, String recipientError, SmtpTestReport report) {
        AdminSessions.Session session = AdminPageAccess.session(ctx);
        ResolvedSettings resolved = resolver.resolve(unit.id())
                .orElseThrow(() -> AdminPageException.notFound("There is no unit " + unit.id() + "."));
        boolean passwordSet = settings.ownSettings(unit.id()).flatMap(UnitSettings::ownConnection)
                .map(c -> c.password() != null).orElse(false);
        // The placeholder shows what an empty field means: the inherited sender, else the system default sender.
        String defaultSender = resolved.settings().outgoingEmailAddress().value().value();
        Html h = new Html();
        AdminLayout.notice(h, notice, !errors.isEmpty());
        h.open("div", "class", "columns").append(UnitTreeView.tree(units.listUnits(), AdminLayout.SMTP_SERVER, unit.id()))
                .open("div", "class", "content")
                .el("p", SmtpSettingsHelp.INTRO).el("p", SmtpSettingsHelp.PER_UNIT);
        h.append(ProviderWarningView.warning(unit.id(), resolved));
        if (!session.user().canSetup()) {
            h.el("p", SmtpSettingsHelp.PERMISSION, "class", "notice");
        }
        h.append(SmtpServerPage.form(new SmtpServerPage.Context(unit, session, values, passwordSet, errors,
                SettingsSources.of(unit.id(), resolved), defaultSender)));
        h.append(EffectiveSettingsView.summary(resolved));
        h.append(SmtpTestView.section(unit.id().value(), session, recipient, recipientError, report));
        h.open("p").el("a", "Delivery log of this unit", "href", AdminLayout.DELIVERY_LOG + "?unit=" + unit.id()).close("p");
        h.close("div").close("div");
        return AdminLayout.page("SMTP Server", AdminLayout.SMTP_BREADCRUMB, session, h);
    }

    private SmtpServerPage.Values stored(UnitId id) {
        UnitSettings own = settings.ownSettings(id).orElse(UnitSettings.INHERIT_ALL);
        return own.ownConnection().map(c -> new SmtpServerPage.Values(c.serverAddress().value(),
                        c.explicitPort().map(p -> Integer.toString(p.value())).orElse(""), c.login(),
                        c.secureSocketOptions().name(), sender(own)))
                .orElseGet(() -> new SmtpServerPage.Values("", "", "", "", sender(own)));
    }

    private static String sender(UnitSettings own) {
        return own.ownOutgoingEmailAddress().map(EmailAddress::value).orElse("");
    }

    private OrgUnit unit(String text) {
        return QueryParams.existingUnit(units.listUnits(), text);
    }
}
