using Faro.Data;
using Faro.Places;

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

    public static IQueryable<Institution> Choices(FaroDb db, Assessment a)
    {
        var id = a.Id;
        return Eligible(db, a).Where(i => i.IsActive
            || db.FocalPoints.Any(f => f.AssessmentId == id && f.InstitutionId == i.Id)
            || db.Assignments.Any(x => x.AssessmentId == id && x.InstitutionId == i.Id)
            || db.Answers.Any(x => x.AssessmentId == id && x.ResponsibleInstitutionId == i.Id)
            || db.WorkshopInstitutions.Any(w => w.InstitutionId == i.Id && db.Workshops.Any(x => x.Id == w.WorkshopId && x.AssessmentId == id)));
    }
}
