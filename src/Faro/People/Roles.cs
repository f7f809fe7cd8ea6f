namespace Faro.People;

public static class RoleCodes
{
    public static string ToCode(this Role role) => role switch
    {
        Role.Admin => "admin",
        Role.Coordinator => "coordinator",
        Role.Researcher => "researcher",
        Role.FocalPoint => "focal-point",
        Role.NationalReviewer => "national-reviewer",
    };

    public static bool TryParse(string? code, out Role role)
    {
        foreach (var candidate in Enum.GetValues<Role>())
        {
            if (string.Equals(candidate.ToCode(), code, StringComparison.OrdinalIgnoreCase))
            {
                role = candidate;
                return true;
            }
        }

        role = default;
        return false;
    }
}
