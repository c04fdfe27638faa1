using Pickup.Samples.PickupDispatch;

PickupDispatchApp.Build(args).Run();
