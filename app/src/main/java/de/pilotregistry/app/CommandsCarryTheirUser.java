package de.pilotregistry.app;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.messaging.MetaData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** Puts the signed-in user into each command's metadata; Axon copies it into the events it causes. */
@Configuration(proxyBeanMethods = false)
class CommandsCarryTheirUser {

    @Autowired
    void stamp(CommandBus commandBus) {
        commandBus.registerDispatchInterceptor(messages -> (index, command) -> {
            Authentication user = SecurityContextHolder.getContext().getAuthentication();
            return user == null ? command
                    : command.andMetaData(MetaData.with(RegistryConfiguration.RECORDED_BY, user.getName()));
        });
    }
}
