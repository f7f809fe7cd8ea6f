using Faro.Tests.Browser;
using Xunit.Abstractions;

[assembly: TestCollectionOrderer("Faro.Tests.Infrastructure.BrowserFirstOrderer", "Faro.Tests")]

namespace Faro.Tests.Infrastructure;

/// Starts the browser collection first. Its tests share one Chromium and so run one after another:
/// it is the longest collection, and started in xUnit's default order (by id) it began after
/// four minutes and then ran alone on one of the two cores for its last three. Every other
/// collection keeps a stable order by name.
public sealed class BrowserFirstOrderer : ITestCollectionOrderer
{
    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections
            .OrderBy(c => c.DisplayName == BrowserCollection.Name ? 0 : 1)
            .ThenBy(c => c.DisplayName, StringComparer.Ordinal);
}
