package de.pilotregistry.app.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Checks of the request's form on every /api call, before any other interceptor (a read's wait, for one). */
@Configuration(proxyBeanMethods = false)
class ApiInterceptors implements WebMvcConfigurer {

    private final KnownParameters knownParameters;
    private final FormlessWrites formlessWrites;

    ApiInterceptors(KnownParameters knownParameters, FormlessWrites formlessWrites) {
        this.knownParameters = knownParameters;
        this.formlessWrites = formlessWrites;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(formlessWrites).addPathPatterns("/api/**").order(Ordered.HIGHEST_PRECEDENCE);
        registry.addInterceptor(knownParameters).addPathPatterns("/api/**").order(Ordered.HIGHEST_PRECEDENCE + 1);
    }
}
