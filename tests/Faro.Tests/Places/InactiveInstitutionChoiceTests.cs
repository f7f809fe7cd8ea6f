using Faro.Places;
using Faro.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Faro.Tests.Places;

/// A deactivated institution is not offered for new work, but one the assessment already works
/// with stays in its lists (so its assignments stay visible and a re-posted form keeps them).
public sealed class InactiveInstitutionChoiceTests
{
    [Fact]
    public async Task TheParticipantsPage_OffersActiveInstitutions_AndKeepsDeactivatedOnesAlreadyInUse()
    {
        using var app = new FaroApp();
        var world = await TestData.UiWorldAsync(app);
        await app.WithDb(async db =>
        {
            db.Institutions.Add(new Institution
            {
                CountryId = world.CountryId,
                Name = new Faro.LocalizedText("Closed office (fictional)", "Oficina cerrada (ficticia)"),
                Kind = InstitutionKind.NationalAgency,
                IsFictional = true,
                IsActive = false,
            });
            var health = await db.Institutions.SingleAsync(i => i.Id == world.HealthId);
            health.IsActive = false;
            await db.SaveChangesAsync();
        });

        var browser = await app.SignedInAs(UiWorld.Coordinator, UiWorld.Password);
        var html = await browser.GetStringAsync($"/assessments/{world.CollectingId}/participants");
        Assert.DoesNotContain("Oficina cerrada", html, StringComparison.Ordinal);
        Assert.Contains("Ministerio de Salud, dirección regional (ficticio)", html, StringComparison.Ordinal);

        // Without the deactivation the closed office would be offered: the filter is what hides it.
        await app.WithDb(async db =>
        {
            var closed = (await db.Institutions.Where(i => i.CountryId == world.CountryId && !i.IsActive && i.Id != world.HealthId).ToListAsync()).Single();
            closed.IsActive = true;
            await db.SaveChangesAsync();
        });
        Assert.Contains("Oficina cerrada", await browser.GetStringAsync($"/assessments/{world.CollectingId}/participants"), StringComparison.Ordinal);
    }
}
