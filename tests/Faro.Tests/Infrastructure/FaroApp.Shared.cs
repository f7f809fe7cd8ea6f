namespace Faro.Tests.Infrastructure;

public sealed partial class FaroApp
{
    /// A further web node on an existing database (and data directory): several nodes behind one
    /// load balancer. Disposing any node removes the shared directory, so dispose them together.
    public FaroApp(TestDatabase shared)
    {
        database = shared;
        seedDemo = false;
    }
}
