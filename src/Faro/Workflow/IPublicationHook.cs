namespace Faro.Workflow;

/// Called by the stage machine once an assessment's move to `published` is committed, so that
/// features that freeze public material (the profile snapshots) do so from the committed state.
/// A real boundary between the workflow and the features that react to publication.
public interface IPublicationHook
{
    Task OnPublishedAsync(int assessmentId, CancellationToken ct);
}
