using Faro.Data;
using Faro.Places;
using Microsoft.EntityFrameworkCore;

namespace Faro.Assessments;

/// The institutions an assessment can work with: those of its country that belong to the country
/// as a whole or to the assessment's own place. Choice lists offer the active ones plus any the
/// assessment already refers to, so a deactivated institution keeps its past work visible (and a
/// form that re-posts it does not drop it) but is not offered for new work.
public static class AssessmentInstitutions
{
    public static IQueryable<Institution> Eligible(FaroDb db, Assessment a)
    {
        var (countryId, jurisdictionId) = (a.CountryId, a.JurisdictionId);
        return db.Institutions.Where(i => i.CountryId == countryId && (i.JurisdictionId == null || i.JurisdictionId == jurisdictionId));
    }

    public static IQueryable<Institution> Choices(FaroDb db, Assessment a) => InUseOrActive(db, Eligible(db, a), a.Id);

    /// The choice list every form of an assessment offers (focal points, assignments, responsible
    /// institution, workshops), sorted by name in the reader's language.
    public static async Task<List<Institution>> ChoiceListAsync(FaroDb db, Assessment a, string lang, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(a);
        var culture = System.Globalization.CultureInfo.GetCultureInfo(lang);
        return (await Choices(db, a).AsNoTracking().ToListAsync(ct))
            .OrderBy(i => i.Name.Resolve(lang)?.Text, StringComparer.Create(culture, true)).ToList();
    }

    private static IQueryable<Institution> InUseOrActive(FaroDb db, IQueryable<Institution> institutions, int id) =>
        institutions.Where(i => i.IsActive
            || db.FocalPoints.Any(f => f.AssessmentId == id && f.InstitutionId == i.Id)
            || db.Assignments.Any(x => x.AssessmentId == id && x.InstitutionId == i.Id)
            || db.Answers.Any(x => x.AssessmentId == id && x.ResponsibleInstitutionId == i.Id)
            || db.WorkshopInstitutions.Any(w => w.InstitutionId == i.Id && db.Workshops.Any(x => x.Id == w.WorkshopId && x.AssessmentId == id)));

    /// The services' check before storing work for institutions (focal points, assignments, the
    /// responsible institution of an answer, workshops, action-plan owners): which of these ids are
    /// choices of the assessment. The API may post any id, so the rule the pages offer is the rule
    /// the core enforces.
    public static async Task<HashSet<int>> ChoicesAmongAsync(FaroDb db, int assessmentId, IReadOnlyCollection<int> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        // One query: the assessment's country and place are joined in SQL, not read first.
        var eligible = db.Institutions.Where(i => ids.Contains(i.Id) && db.Assessments.Any(a => a.Id == assessmentId
            && a.CountryId == i.CountryId && (i.JurisdictionId == null || i.JurisdictionId == a.JurisdictionId)));
        return (await InUseOrActive(db, eligible, assessmentId).Select(i => i.Id).ToListAsync(ct)).ToHashSet();
    }

    /// The refusal for an institution that is not a choice, in both languages.
    public static Phrase NotAChoice(int institutionId) => new("refusal.institution.not_a_choice", institutionId);
}
