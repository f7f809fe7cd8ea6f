using Faro.Assessments;
using Faro.Operations;
using Faro.Tests.Infrastructure;
using Faro.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Faro.Tests.Operations;

/// `faro backup` while the application writes: the archive is one consistent moment. Answers and
/// their revision rows are written in the same transaction, so in a consistent copy every saved
/// answer's revision has its revision row, and no revision row is newer than its answer.
public sealed class OnlineBackupTests
{
    [Theory, AllProviders]
    public async Task Backup_DuringAStreamOfSaves_IsConsistent(string provider)
    {
        await using var core = await CoreServices.StartAsync(provider);
        var world = await core.Run<IServiceProvider, WorkflowWorld>(s => TestData.WorkflowWorldAsync(s, Stage.DataCollection));
        using var stop = new CancellationTokenSource();
        var saves = 0;
        var writer = Task.Run(async () =>
        {
            var revision = await core.Run<IServiceProvider, int>(async s => (await s.GetRequiredService<AnswerService>()
                .GetAsync(await TestData.ActorAsync(s, world, "admin"), world.AssessmentId, world.AssignedCode)).Revision);
            while (!stop.IsCancellationRequested)
            {
                revision = await core.Run<IServiceProvider, int>(async s => (await s.GetRequiredService<AnswerService>()
                    .SaveAsync(await TestData.ActorAsync(s, world, "admin"), world.AssessmentId, world.AssignedCode,
                        new AnswerInput("partial", $"Save {revision}", $"Guardado {revision}", null, []), revision)).Revision);
                Interlocked.Increment(ref saves);
            }
        });

        while (Volatile.Read(ref saves) < 5)
        {
            await Task.Delay(10);
        }

        var archive = Path.Combine(core.Database.Options.DataDirectory, "online.zip");
        await core.Run<BackupService>(b => b.BackupAsync(archive));
        await stop.CancelAsync();
        await writer;

        await using var restored = await CoreServices.StartAsync(provider);
        await restored.Run<BackupService>(b => b.RestoreAsync(archive));
        await restored.Db(async db =>
        {
            var answer = await db.Answers.SingleAsync(a => a.AssessmentId == world.AssessmentId && a.Indicator!.Code == world.AssignedCode);
            var newest = await db.AnswerRevisions.Where(r => r.AnswerId == answer.Id).MaxAsync(r => r.Revision);
            Assert.Equal(answer.Revision, newest);
            Assert.Equal($"Guardado {answer.Revision - 1}", answer.Narrative.Es);
        });
    }
}
