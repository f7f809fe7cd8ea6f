using Faro.Profiles;
using Faro.Tests.Infrastructure;
using Faro.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Faro.Tests.Profiles;

/// The portal's list at any size: paged, filtered and faceted over frozen profiles only, with
/// freezing done apart from the request (`FreezeUnfrozenAsync`, the background sweep's work).
public sealed class PortalListTests
{
    [Theory, AllProviders]
    public async Task Portal_PagesNewestFirst_FiltersAndFacets_OverFrozenProfilesOnly(string provider)
    {
        await using var core = await CoreServices.StartAsync(provider);
        var (published, draft, empty) = await core.Db(async db =>
        {
            var published = await TestData.ProfileAssessmentAsync(db, await TestData.CountryAsync(db));
            var other = await TestData.CountryAsync(db, "XD");
            var draft = await TestData.ProfileAssessmentAsync(db, other, Stage.GovernmentReview, "Villa Borrador");
            var empty = await TestData.CityAssessmentAsync(db, other, "Sin Datos", answered: 0, stage: Stage.Published);
            return (published, draft, empty);
        });
        Task<PortalPage> Portal(string? country = null, string? lang = null, int? year = null, int page = 1, string? place = null) =>
            core.Run<ProfileService, PortalPage>(s => s.PortalAsync(country, lang, year, page, place, pageSize: 2));

        // Nothing is listed, and nothing frozen, until the sweep runs.
        Assert.Equal(0, (await Portal()).Total);
        Assert.False(await core.Db(db => db.ProfileSnapshots.AnyAsync()));

        // Puerto Añil's two rounds and Villa Borrador's first (in follow-up): not the draft, not
        // the published assessment with no known answer.
        Assert.Equal(3, await core.Run<ProfileService, int>(s => s.FreezeUnfrozenAsync(int.MaxValue)));
        Assert.Equal(0, await core.Run<ProfileService, int>(s => s.FreezeUnfrozenAsync(int.MaxValue)));

        var first = await Portal();
        Assert.Equal((3, 1, 2), (first.Total, first.Page, first.PageCount));
        // Frozen today without a recorded publication (follow-up rounds of the test data), then the
        // round published on 15 June 2022; same day by place.
        Assert.Equal([published.PreviousRound.Id, draft.PreviousRound.Id], first.Profiles.Select(p => p.AssessmentId));
        var second = await Portal(page: 2);
        var last = Assert.Single(second.Profiles);
        Assert.Equal((published.Assessment.Id, new DateOnly(2022, 6, 15), 2, "Puerto Añil"), (last.AssessmentId, last.PublishedOn, last.Round, last.Place));
        Assert.Empty(last.CompleteLanguages);
        Assert.Equal(2, (await Portal(page: 99)).Page);
        Assert.Equal(1, (await Portal(page: -3)).Page);

        // The choices cover every listed profile whatever the filter.
        var thisYear = DateTime.UtcNow.Year;
        foreach (var page in new[] { first, await Portal(country: "XD"), await Portal(year: 2022) })
        {
            Assert.Equal(["XD", "XT"], page.Countries.Select(c => c.Iso2).Order(StringComparer.Ordinal));
            Assert.Equal([thisYear, 2022], page.Years);
        }

        Assert.Equal([draft.PreviousRound.Id], (await Portal(country: "xd")).Profiles.Select(p => p.AssessmentId));
        Assert.Equal([published.Assessment.Id], (await Portal(year: 2022)).Profiles.Select(p => p.AssessmentId));
        Assert.Equal(0, (await Portal(year: 2019)).Total);
        // The place search ignores case and accents.
        foreach (var search in new[] { "anil", " PUERTO añil ", "Añ" })
        {
            Assert.Equal([published.PreviousRound.Id, published.Assessment.Id], (await Portal(place: search, page: 1)).Profiles.Select(p => p.AssessmentId));
        }

        Assert.Equal(0, (await Portal(place: "Borradores")).Total);
        Assert.Equal(1, (await Portal(place: "borrador", country: "XD")).Total);
        var spanish = await Portal(lang: "es");
        Assert.Equal(2, spanish.Total);
        Assert.DoesNotContain(published.Assessment.Id, spanish.Profiles.Select(p => p.AssessmentId));

        // One profile's own page: its ten files; none for the draft or the unfrozen one.
        var one = await core.Run<ProfileService, PublishedProfile?>(s => s.PublishedProfileAsync(published.Assessment.Id));
        Assert.Equal(10, one!.Files.Count);
        Assert.True(one.Files.Values.All(f => f.Size > 0 && f.Sha256.Length == 64));
        Assert.Null(await core.Run<ProfileService, PublishedProfile?>(s => s.PublishedProfileAsync(draft.Assessment.Id)));
        Assert.Null(await core.Run<ProfileService, PublishedProfile?>(s => s.PublishedProfileAsync(empty.Id)));
    }
}
