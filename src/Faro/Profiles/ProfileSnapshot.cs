namespace Faro.Profiles;

/// A published profile in one language and format, frozen at publication and served from then on.
public class ProfileSnapshot
{
    public int Id { get; set; }
    public int AssessmentId { get; set; }
    public required string Lang { get; set; }
    public required string Format { get; set; }
    public required byte[] Content { get; set; }
    public required string Sha256 { get; set; }
    /// How many texts of this language version are shown from the other language (with a marker);
    /// 0 means the profile is complete in `Lang`, which is what the portal's language filter asks.
    public int FallbackTexts { get; set; }
    public DateTime CreatedAt { get; set; }
}
